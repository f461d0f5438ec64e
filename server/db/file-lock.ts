/**
 * A lock file so two processes on one machine (say `npm start` and the CLI launched at the same
 * moment) never initialise or start the same Postgres data directory twice.
 */
import fs from 'node:fs/promises';

export interface FileLock {
  release(): Promise<void>;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for and takes the lock; a lock left by a process that died is taken over. */
export async function acquireFileLock(
  lockPath: string,
  { timeoutMs = 60_000, what = 'this folder' }: { timeoutMs?: number; what?: string } = {},
): Promise<FileLock> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => fs.rm(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await fs.readFile(lockPath, 'utf8').catch(() => ''), 10);
    // An empty file is a holder that has not written its pid yet: wait for it like a live one.
    if (Number.isInteger(holder) && holder > 0 && !isProcessAlive(holder)) {
      await fs.rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Another TaskMaster process (pid ${holder || 'unknown'}) has been starting the database in ` +
          `${what} for over ${Math.round(timeoutMs / 1000)} s. If no such process is running, ` +
          `delete ${lockPath} and try again.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

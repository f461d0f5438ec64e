/**
 * The embedded Postgres's Unix socket: where it lives, and connecting through it.
 *
 * A Unix socket costs the server process less per query than loopback TCP (issue 19: postgres.js
 * socket writes were ~17 % of the web process's CPU at 900 webhook runs/s over TCP).
 *
 * The address is written the way libpq writes it, `postgres://user:pw@localhost:5432/db?host=/dir`
 * (the `host` parameter names the socket's folder). pg, and so graphile-worker's pool, reads that
 * form itself; postgres.js does not (it would send `host` to the server as a setting), so every
 * postgres.js pool on TaskMaster's own database is made with `connectPostgres`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { RunAs } from './embedded-layout';

/** Longest Unix socket path Linux takes (sun_path is 108 bytes with the closing NUL); macOS 103. */
const MAX_SOCKET_PATH = process.platform === 'linux' ? 107 : 103;

/** The file Postgres makes in the socket folder for a port. */
export const socketFile = (dir: string, port: number) => path.join(dir, `.s.PGSQL.${port}`);

/**
 * The socket folder of a cluster: short (socket paths are limited to ~107 bytes, a checkout's
 * data dir may be deep), one per cluster (keyed by its data directory, so two TaskMasters on one
 * machine never share one), and the same for every process that computes it.
 */
export function socketDirFor(pgdata: string, base = os.tmpdir()): string {
  const key = createHash('sha256').update(path.resolve(pgdata)).digest('hex').slice(0, 12);
  return path.join(base, `taskmaster-pg-${key}`);
}

/**
 * Makes `dir` ready for the server: a real folder (no symlink), private (mode 700), owned by the
 * user the server runs as. Any other state (someone else's folder of that name in /tmp, a path
 * too long, a folder that cannot be made) is refused with the reason, and the server then
 * listens on TCP only.
 */
export async function prepareSocketDir(dir: string, runAs: RunAs | undefined): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (socketFile(dir, 65535).length > MAX_SOCKET_PATH) {
    return { ok: false, reason: `its path ${dir} is too long for a Unix socket` };
  }
  // A comma, quote or blank would need quoting in unix_socket_directories: not worth the risk.
  if (/[\s,"'\\]/.test(dir)) return { ok: false, reason: `its path ${dir} has a blank, comma or quote` };
  const owner = runAs?.uid ?? process.getuid?.() ?? 0;
  try {
    await fs.mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    let stat = await fs.lstat(dir);
    // Made by this user (root) a moment ago, or by an earlier start that stopped half way.
    if (runAs && stat.isDirectory() && stat.uid === process.getuid?.() && stat.uid !== owner) {
      await fs.chown(dir, runAs.uid, runAs.gid);
      stat = await fs.lstat(dir);
    }
    if (!stat.isDirectory() || stat.uid !== owner || (stat.mode & 0o077) !== 0) {
      return { ok: false, reason: `${dir} exists but is not a private folder of the server's user` };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `${dir} could not be made (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

const SOCKET_DIR_NAME = /^taskmaster-pg-[0-9a-f]{12}$/;
const SOCKET_ENTRY = /^\.s\.PGSQL\.\d+(\.lock)?$/;

/**
 * Removes socket folders left by servers that are gone for good: killed (no clean shutdown, so
 * their socket and lock files stayed) and whose data directory no longer exists (a test's or a
 * benchmark's temp folder), so the temp folder does not collect them. A folder is touched only
 * when it holds nothing but Postgres's socket and lock files, and every lock names a data
 * directory that is gone and a process that is not running.
 */
export async function sweepStaleSocketDirs(base = os.tmpdir(), isAlive: (pid: number) => boolean): Promise<void> {
  const names = await fs.readdir(base).catch(() => [] as string[]);
  for (const name of names.filter((n) => SOCKET_DIR_NAME.test(n))) {
    const dir = path.join(base, name);
    // Unreadable (the server's user's private folder, and we are not root): not ours to judge.
    const entries = await fs.readdir(dir).catch(() => undefined);
    if (!entries || entries.some((entry) => !SOCKET_ENTRY.test(entry))) continue;
    const locks = entries.filter((entry) => entry.endsWith('.lock'));
    if (locks.length === 0) continue;
    let stale = true;
    for (const lock of locks) {
      const [pidLine = '', dataDir = ''] = (await fs.readFile(path.join(dir, lock), 'utf8').catch(() => '')).split('\n');
      const pid = Number.parseInt(pidLine, 10);
      const dataDirGone =
        dataDir !== '' &&
        !(await fs.stat(dataDir).then(
          () => true,
          () => false,
        ));
      if (!dataDirGone || !Number.isInteger(pid) || isAlive(pid)) stale = false;
    }
    if (!stale) continue;
    for (const entry of entries) await fs.rm(path.join(dir, entry), { force: true }).catch(() => {});
    await fs.rmdir(dir).catch(() => {});
  }
}

/** Removes the socket folder once the server is gone (only when empty: never someone else's files). */
export async function removeSocketDir(dir: string | undefined): Promise<void> {
  if (dir) await fs.rmdir(dir).catch(() => {});
}

/** The libpq form of an address through the socket in `dir` (see the top of this file). */
export function socketUrl(user: string, password: string, port: number, database: string, dir: string): string {
  return (
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@localhost:${port}/` +
    `${encodeURIComponent(database)}?host=${encodeURIComponent(dir)}`
  );
}

/** The socket folder an address names, if it names one. */
export function socketDirOf(url: string): string | undefined {
  try {
    const host = new URL(url).searchParams.get('host');
    return host?.startsWith('/') ? host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A postgres.js pool on `url`, through the Unix socket when the address names one (the libpq
 * form above), else as postgres.js reads the URL itself.
 */
export function connectPostgres(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  const dir = socketDirOf(url);
  if (!dir) return postgres(url, options);
  const tcpForm = new URL(url);
  tcpForm.searchParams.delete('host');
  // postgres.js connects to `<host>/.s.PGSQL.<port>` when host is a folder.
  return postgres(tcpForm.href, { ...options, host: dir });
}

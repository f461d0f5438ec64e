/**
 * Runs the Postgres binaries: initdb, the postmaster, and its shutdown. Readiness is read from
 * postmaster.pid (the way pg_ctl does it), which does not depend on the log's language.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { PgLayout } from './embedded-layout';
import { EMBEDDED_MAX_CONNECTIONS } from './budget';

/** Test-only settings: trade crash safety for speed. Never used for a user's own data. */
export const FAST_INITDB_FLAGS = ['--no-sync'];
export const FAST_SERVER_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

export interface PostmasterStatus {
  pid: number;
  port: number;
  ready: boolean;
}

/** Reads postmaster.pid: line 1 pid, line 4 port, line 8 status ("ready" once it accepts connections). */
export async function readPostmasterPid(pgdata: string): Promise<PostmasterStatus | undefined> {
  const text = await fs.readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  return { pid, port, ready: (lines[7] ?? '').trim() === 'ready' };
}

export async function isInitialised(pgdata: string): Promise<boolean> {
  return fs.stat(path.join(pgdata, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The preferred port when free, else one the OS hands out. */
export async function pickPort(preferred: number): Promise<number> {
  if (preferred > 0 && (await portIsFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

function spawnOptions(layout: PgLayout) {
  // cwd '/': the postgres user may not be allowed into our working directory.
  return { cwd: '/', ...(layout.runAs ?? {}), env: { ...process.env, LC_ALL: 'C' } };
}

/** Creates the cluster with a superuser `postgres` and the given password. */
export async function initdb(layout: PgLayout, password: string, fast: boolean): Promise<void> {
  const { pgdata, runAs, nativeDir } = layout;
  await fs.mkdir(pgdata, { recursive: true, mode: 0o700 });
  if (runAs) await fs.chown(pgdata, runAs.uid, runAs.gid);
  // The password goes through a file readable only by the server's user, never argv.
  const pwfile = path.join(path.dirname(pgdata), `.pwfile-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) await fs.chown(pwfile, runAs.uid, runAs.gid);
  try {
    const args = [
      `--pgdata=${pgdata}`,
      '--username=postgres',
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      // C collation: byte order, identical on every machine, no OS locale needed.
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
      ...(fast ? FAST_INITDB_FLAGS : []),
    ];
    const child = spawn(path.join(nativeDir, 'bin', 'initdb'), args, { ...spawnOptions(layout), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) {
      await fs.rm(pgdata, { recursive: true, force: true });
      throw new Error(`Creating the database cluster in ${pgdata} failed (initdb exit ${code}):\n${output.trim()}`);
    }
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

export interface StartedPostmaster {
  child: ChildProcess;
  pid: number;
  port: number;
}

async function tail(file: string, lines = 15): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Starts the postmaster listening on 127.0.0.1, and on a Unix socket in socketDir when given (a
 * folder of its own, so no clash with a system Postgres in /tmp or /var/run; server/db/pg-socket.ts),
 * with its log appended to logFile; resolves once it is ready.
 */
export async function startPostmaster(
  layout: PgLayout,
  {
    port,
    fast,
    logFile,
    socketDir,
    timeoutMs = 60_000,
  }: { port: number; fast: boolean; logFile: string; socketDir?: string; timeoutMs?: number },
): Promise<StartedPostmaster> {
  const args = [
    '-D',
    layout.pgdata,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${socketDir ?? ''}`,
    // `start`, several workers and CLI commands share this server (server/db/budget.ts).
    '-c',
    `max_connections=${EMBEDDED_MAX_CONNECTIONS}`,
    ...(fast ? FAST_SERVER_FLAGS : []),
  ];
  // The log goes to a file, not a pipe: the server may outlive this process (a crash, SIGKILL),
  // and a pipe to a dead reader would break its logging.
  const logFd = openSync(logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(path.join(layout.nativeDir, 'bin', 'postgres'), args, {
      ...spawnOptions(layout),
      stdio: ['ignore', logFd, logFd],
      // Own process group: Ctrl-C in the terminal must reach TaskMaster only, which drains the
      // worker (still writing results) and then stops Postgres itself.
      detached: true,
    });
  } finally {
    closeSync(logFd);
  }
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exit code ${code ?? 'none'}, signal ${signal ?? 'none'}`));
  child.once('error', (error) => (exited = error.message));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`Postgres did not start (${exited}). Its log (${logFile}) ends with:\n${await tail(logFile)}`);
    }
    const status = await readPostmasterPid(layout.pgdata);
    if (status && status.pid === child.pid && status.ready) return { child, pid: status.pid, port };
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      throw new Error(
        `Postgres did not become ready within ${timeoutMs / 1000} s. Its log (${logFile}) ends with:\n${await tail(logFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Fast shutdown (SIGINT: roll back open transactions, checkpoint, exit); waits for the exit. */
export async function stopPostmaster(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

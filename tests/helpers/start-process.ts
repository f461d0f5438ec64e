/**
 * `taskmaster start --no-ui` and other CLI commands as real processes on a throw-away data dir,
 * for tests that kill things (Postgres, the server) the way a user's machine would.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/taskmaster.mjs');

export async function makeDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'taskmaster-faults-'));
  // mkdtemp makes it private (700); the embedded Postgres runs as the `postgres` user and must reach it.
  await fs.chmod(dir, 0o755);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const envFor = (dataDir: string, extra: Record<string, string> = {}) => ({
  ...process.env,
  TASKMASTER_DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
  DATABASE_URL: '',
  ...extra,
});

/** A one-shot CLI command; resolves with its stdout, rejects on a non-zero exit. */
export async function cli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: ROOT, env: envFor(dataDir, env) });
  return stdout.trim();
}

export interface TaskMasterProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when its output contains `text`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null: killed by a signal). */
  exited: Promise<number | null>;
}

/** Spawns `taskmaster <command>` and resolves once it prints `readyText`. */
export async function spawnTaskMaster(
  dataDir: string,
  args: string[],
  { env = {}, readyText }: { env?: Record<string, string>; readyText: string | RegExp },
): Promise<TaskMasterProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: envFor(dataDir, env), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (wanted: string | RegExp, timeoutMs = 120_000) =>
    new Promise<void>((resolve, reject) => {
      const found = () => (typeof wanted === 'string' ? text.includes(wanted) : wanted.test(text));
      const check = () => {
        if (!found()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no "${String(wanted)}" within ${timeoutMs} ms; output:\n${text.slice(-3000)}`));
      }, timeoutMs);
      const onExit = () => {
        cleanup();
        if (!found()) reject(new Error(`exited before "${String(wanted)}"; output:\n${text.slice(-3000)}`));
        else resolve();
      };
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
        child.off('exit', onExit);
      };
      waiters.add(check);
      child.once('exit', onExit);
      check();
    });
  const handle: TaskMasterProcess = { child, output: () => text, waitFor, exited };
  await waitFor(readyText);
  return handle;
}

interface PgState {
  port: number;
  pid: number;
  password: string;
  database: string;
  pgdata: string;
}

export function embeddedState(dataDir: string): PgState {
  return JSON.parse(readFileSync(path.join(dataDir, 'postgres.json'), 'utf8')) as PgState;
}

/** A small pool on the data dir's embedded Postgres, for checking what was stored. */
export function connectTo(dataDir: string): postgres.Sql {
  const s = embeddedState(dataDir);
  return postgres(`postgres://postgres:${encodeURIComponent(s.password)}@127.0.0.1:${s.port}/${s.database}`, {
    max: 2,
    onnotice: () => {},
  });
}

/** Pids of postgres processes (postmaster and backends) serving this data dir's cluster. */
export function postgresProcessesOf(dataDir: string): number[] {
  const pgdata = path.join(dataDir, 'postgres');
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args[0]?.endsWith('/postgres') && args.includes(pgdata)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** hook ─► echo: a webhook answered 202 at once, its run stored before the answer. */
const HOOK = (hookPath: string) => ({
  name: `hook ${hookPath}`,
  nodes: [
    { id: 'hook', type: 'webhook-trigger', name: 'Hook', config: { path: hookPath } },
    { id: 'echo', type: 'no-op', name: 'Echo' },
  ],
  edges: [{ id: 'e1', source: 'hook', target: 'echo' }],
});

export async function activateHook(dataDir: string, hookPath: string): Promise<void> {
  const file = path.join(os.tmpdir(), `hook-${process.pid}-${hookPath}.json`);
  await fs.writeFile(file, JSON.stringify(HOOK(hookPath)));
  try {
    const id = (await cli(dataDir, ['import', file])).split('\n').pop()!.trim();
    await cli(dataDir, ['activate', id]);
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** Waits until the webhook listens (OPTIONS: 204 from a listening webhook, 404 otherwise; no run). */
export async function whenListening(url: string, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; (await fetch(url, { method: 'OPTIONS' })).status !== 204; ) {
    if (Date.now() > deadline) throw new Error(`the webhook at ${url} never started listening`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * TaskMaster as the benchmarks run it: real processes on a throw-away data dir (embedded
 * Postgres with the user's durability settings), driven over HTTP like the UI drives it.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowDocument } from '../../core/document';
import { ensureUiBuild } from '../../server/process/ensure-build';
import { sleep, spawnTracked, type Spawned } from './proc';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NODE_FLAGS = ['--no-node-snapshot'];

/** A fresh data dir the embedded Postgres (running as the `postgres` user) can reach. */
export function tempDataDir(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `taskmaster-bench-${label}-`));
  chmodSync(dir, 0o755);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The URL of the embedded Postgres a data dir's server recorded (postgres.json). */
export function databaseUrlOf(dataDir: string): string {
  const s = JSON.parse(readFileSync(path.join(dataDir, 'postgres.json'), 'utf8')) as {
    port: number;
    user: string;
    password: string;
    database: string;
  };
  return `postgres://${s.user}:${encodeURIComponent(s.password)}@127.0.0.1:${s.port}/${s.database}`;
}

export interface ServerOptions {
  dataDir: string;
  /** Serve the built web app too (default: API and webhooks only). */
  ui?: boolean;
  /** Run the in-process worker (default true). */
  worker?: boolean;
  concurrency?: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** CPUs the process (and the embedded Postgres it starts) may use, as `taskset -c` takes them ("0", "1-3"). */
  cpus?: string;
  /** More environment for the process (e.g. DB_CONNECTIONS). */
  env?: Record<string, string>;
}

export interface Server extends Spawned {
  url: string;
  api: Api;
}

const childEnv = (dataDir: string, port: number, extra: Record<string, string> = {}) => ({
  ...process.env,
  TASKMASTER_DATA_DIR: dataDir,
  // 0: the command serves nothing (a worker); PORT must still be valid.
  PORT: String(port || 3000),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  NEXT_TELEMETRY_DISABLED: '1',
  ...extra,
});

/** Starts bench/lib/serve.ts (startTaskMaster) and waits until it listens. */
export async function startServer(options: ServerOptions): Promise<Server> {
  const port = await freePort();
  const env = childEnv(options.dataDir, port, {
    BENCH_UI: options.ui ? '1' : '0',
    BENCH_NO_WORKER: options.worker === false ? '1' : '0',
    ...(options.concurrency ? { WORKER_CONCURRENCY: String(options.concurrency) } : {}),
    ...options.env,
  });
  const proc = spawnTracked(
    ...pinned(options.cpus, process.execPath, [
      ...NODE_FLAGS,
      ...(options.nodeFlags ?? []),
      '--import',
      'tsx',
      path.join(ROOT, 'bench/lib/serve.ts'),
    ]),
    { cwd: ROOT, env },
  );
  await proc.line('BENCH_READY', 300_000);
  const url = `http://127.0.0.1:${port}`;
  return { ...proc, url, api: api(url) };
}

/**
 * The command run through `taskset -c <cpus>` when cpus are given: taskset executes it in its
 * own process, so the pid stays the command's, and its children (Postgres) inherit the CPUs.
 */
function pinned(cpus: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpus === undefined ? [command, args] : ['taskset', ['-c', cpus, command, ...args]];
}

/** `node bin/taskmaster.mjs <args>` (what `npm start` / `npx taskmaster worker` run). */
export function spawnCli(
  args: string[],
  dataDir: string,
  port: number,
  extra: Record<string, string> = {},
  nodeFlags: string[] = [],
  cpus?: string,
): Spawned {
  return spawnTracked(...pinned(cpus, process.execPath, [...NODE_FLAGS, ...nodeFlags, path.join(ROOT, 'bin/taskmaster.mjs'), ...args]), {
    cwd: ROOT,
    env: childEnv(dataDir, port, extra),
  });
}

/** Builds the web app when it is missing or stale (as `npm start` does), outside any timing. */
export async function ensureBuilt(): Promise<void> {
  try {
    await ensureUiBuild(ROOT, (m) => console.log(m));
  } catch (err) {
    throw new Error(
      `The web app does not build at the moment (${(err as Error).message}); this benchmark needs it built. Fix the build (npm run build) and run it again.`,
    );
  }
}

/** Polls until `fn` resolves truthy or `timeoutMs` passes. */
export async function until<T>(fn: () => Promise<T>, timeoutMs = 60_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

export interface Api {
  query<T>(procedure: string, input?: unknown): Promise<T>;
  mutate<T>(procedure: string, input?: unknown): Promise<T>;
}

/** The owner the benchmarks create on a fresh instance (or sign in as, when it exists). */
const BENCH_OWNER = { name: 'Benchmark', email: 'bench@example.test', password: 'benchmark owner password' };

/** Creates the owner on a fresh instance, or signs in; returns the session cookie. */
async function signInCookie(base: string): Promise<string> {
  const post = (route: string, body: unknown) =>
    fetch(`${base}/api/auth/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let res = await post('setup', BENCH_OWNER);
  if (res.status === 409) res = await post('sign-in', { email: BENCH_OWNER.email, password: BENCH_OWNER.password });
  if (!res.ok) throw new Error(`signing the benchmark in failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/**
 * The benchmark owner's session as browser cookies for `base`: pages opened without it land on
 * the sign-in page (the editor benchmark waited there for a canvas until it timed out).
 */
export async function sessionCookies(base: string): Promise<Array<{ name: string; value: string; url: string }>> {
  return (await signInCookie(base)).split('; ').map((pair) => {
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1), url: base };
  });
}

/** The tRPC API over plain HTTP (no transformer), as the UI calls it, signed in as the owner. */
export function api(base: string): Api {
  let cookie: Promise<string> | undefined;
  const session = async () => (cookie ??= signInCookie(base));
  const unwrap = async <T>(res: Response, procedure: string): Promise<T> => {
    const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
    if (!res.ok || !body.result)
      throw new Error(`${procedure}: ${res.status} ${body.error?.message ?? JSON.stringify(body).slice(0, 300)}`);
    return body.result.data;
  };
  return {
    async query(procedure, input) {
      const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return unwrap(await fetch(`${base}/api/trpc/${procedure}${qs}`, { headers: { cookie: await session() } }), procedure);
    },
    async mutate(procedure, input) {
      const res = await fetch(`${base}/api/trpc/${procedure}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: await session() },
        body: JSON.stringify(input ?? null),
      });
      return unwrap(res, procedure);
    },
  };
}

/** Saves and turns on a workflow, then waits until `base` answers at its webhook path. */
export async function activateWebhook(api: Api, base: string, doc: WorkflowDocument, hookPath: string): Promise<string> {
  const { id } = await api.mutate<{ id: string }>('workflows.create', { document: doc });
  await api.mutate('workflows.setActive', { id, active: true });
  // OPTIONS is refused (405) by a listening webhook and 404 otherwise: a probe that starts no run.
  await until(async () => (await fetch(`${base}/webhook/${hookPath}`, { method: 'OPTIONS' })).status !== 404, 30_000);
  return id;
}

/**
 * The set-up most integration files share, in one place: a database of their own, one app
 * context on it, optionally a real graphile-worker, and the owner signed in.
 *
 *   let t: Harness;
 *   beforeAll(async () => { t = await startHarness({ worker: { concurrency: 2 } }); });
 *   afterAll(() => t?.stop());
 *   ...  await t.api.workflows.create(...);  await t.as('editor', 'Bob');  t.ctx.sql`...`
 *
 * One context per database: a second context on the same database would be a second pool that
 * the test has to close; `t.as(...)` gives callers for any role on the one context, and test
 * users are made once per database (tests/helpers/auth.ts), so no role is ever made twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { KeyStore } from '../../server/credentials/keys';
import { createAppContext } from '../../server/context';
import { startWorker, type WorkerHandle, type WorkerOptions } from '../../server/worker/runner';
import type { Role } from '../../core/roles';
import { callerAs } from './auth';
import { createTestDatabase, type TestDatabase } from './db';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface HarnessOptions {
  /** Start a real worker on the database (`true`, or its options). Default: no worker. */
  worker?: boolean | Omit<WorkerOptions, 'databaseUrl'>;
  /** The app context's key store (default: the test environment's key). */
  keys?: KeyStore;
  /** The app context's pool size. */
  max?: number;
}

type Caller = Awaited<ReturnType<typeof callerAs>>;

export interface Harness {
  database: TestDatabase;
  ctx: ReturnType<typeof createAppContext>;
  /** Undefined unless `worker` was asked for. */
  worker: WorkerHandle | undefined;
  /** The owner, signed in. */
  api: Caller;
  /** A caller signed in with `role` (pass a name for another person with the same role). */
  as(role: Role, name?: string): Promise<Caller>;
  /** Stops the worker, closes the context and drops the database (each step even if one fails). */
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const ctx = createAppContext(database.url, { keys: options.keys, max: options.max });
  let worker: WorkerHandle | undefined;
  const stop = async () => {
    const results = await Promise.allSettled([worker?.stop()]);
    await ctx.close().catch(() => {});
    await database.drop();
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  };
  try {
    if (options.worker) {
      const workerOptions = options.worker === true ? {} : options.worker;
      worker = await startWorker({ keys: options.keys, ...workerOptions, databaseUrl: database.url });
    }
    const api = await callerAs(ctx, 'owner');
    return { database, ctx, worker, api, as: (role, name) => callerAs(ctx, role, name), stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

/**
 * A worker in a process of its own (tests/helpers/worker-process.ts), for tests that kill it
 * with SIGKILL mid-run the way a crash would. Resolves once it takes jobs.
 */
export function spawnWorkerProcess(databaseUrl: string): Promise<ChildProcess> {
  // --no-node-snapshot: isolated-vm (the Code step's sandbox) needs it on Node 20+.
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'tests/helpers/worker-process.ts', databaseUrl], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

/** Kills a worker process with SIGKILL (no clean-up, like a crash) and waits until it is gone. */
export async function killWorkerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}

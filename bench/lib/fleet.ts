/**
 * The processes of the scale-out benchmark: one web process (no worker; it starts the embedded
 * Postgres) and N `taskmaster worker` processes on the same database, each on a CPU budget of
 * its own (`taskset`), with their CPU time, their connections and any connection errors.
 */
import os from 'node:os';
import type { Sql } from 'postgres';
import { cpuSeconds, postgresProcesses, runQueueSeconds, sleep, type Spawned } from './proc';
import { spawnCli, type Server } from './taskmaster';

/**
 * Which CPUs Postgres (with the web process that starts it) and the workers get: the first half
 * and the second half of the machine (on 2 cores: core 0 and core 1), or none with BENCH_PIN=0.
 * Other programs on the machine still run on both: a pin is a budget, not a reservation.
 */
export function cpuPlan(): { database?: string; workers?: string; note: string } {
  const cores = os.cpus().length;
  if (process.env.BENCH_PIN === '0' || cores < 2) return { note: 'not pinned (BENCH_PIN=0 or one core)' };
  const half = Math.floor(cores / 2);
  const range = (a: number, b: number) => (a === b ? String(a) : `${a}-${b}`);
  const database = range(0, half - 1);
  const workers = range(half, cores - 1);
  return { database, workers, note: `Postgres + web on CPU ${database}, workers on CPU ${workers} (taskset)` };
}

/** What Postgres or a client says when connections run out or fail. */
export const CONNECTION_ERRORS =
  /too many clients|remaining connection slots|ECONNREFUSED|ECONNRESET|CONNECTION_CLOSED|CONNECT_TIMEOUT|database connection lost/gi;

export const connectionErrors = (text: string) => text.match(CONNECTION_ERRORS)?.length ?? 0;

/**
 * Polls `ready` until it holds; fails at once with its output when one of `procs` has exited
 * (bench/lib/taskmaster's `until` would keep polling until its deadline).
 */
export async function whileAlive(
  procs: Spawned[],
  ready: () => Promise<boolean> | boolean,
  timeoutMs = 300_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = procs.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`a process exited (${dead.child.exitCode ?? dead.child.signalCode}):\n${dead.output()}`);
    if (await Promise.resolve(ready()).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** Starts `n` workers and waits until each has a heartbeat row (its queue is running). */
export async function startWorkers(
  n: number,
  dataDir: string,
  sql: Sql,
  { concurrency, cpus }: { concurrency?: number; cpus?: string },
): Promise<Spawned[]> {
  const env: Record<string, string> = concurrency ? { WORKER_CONCURRENCY: String(concurrency) } : {};
  const workers = Array.from({ length: n }, () => spawnCli(['worker'], dataDir, 0, env, [], cpus));
  const pids = workers.map((w) => w.pid);
  try {
    await whileAlive(workers, async () => {
      const [row] = await sql`select count(distinct pid)::int as n from worker_heartbeats where pid in ${sql(pids)}`;
      return Number(row.n) >= n;
    });
  } catch (error) {
    await stopAll(workers);
    throw error;
  }
  return workers;
}

export const stopAll = (procs: Spawned[]) => Promise.all(procs.map((p) => p.stop()));

export interface Snapshot {
  cpu: Map<number, number>;
  waiting: Map<number, number>;
}

/** CPU and run-queue seconds of the web process, each worker and Postgres' processes, read from /proc. */
export function cpuSnapshot(web: Server, workers: Spawned[]): Snapshot {
  const pids = [web.pid, ...workers.map((w) => w.pid), ...postgresProcesses(web.pid)];
  return { cpu: new Map(pids.map((p) => [p, cpuSeconds(p)])), waiting: new Map(pids.map((p) => [p, runQueueSeconds(p)])) };
}

export interface CpuShares {
  web: number;
  /** All workers together. */
  workers: number;
  /** The busiest worker. */
  workerMax: number;
  postgres: number;
  /** Seconds the workers and Postgres spent runnable, waiting for a CPU other programs held. */
  waitingSeconds: number;
}

/** % of one core per group between two snapshots (Postgres backends started meanwhile count from 0). */
export function cpuShares(before: Snapshot, web: Server, workers: Spawned[], seconds: number): CpuShares {
  const used = (pid: number) => cpuSeconds(pid) - (before.cpu.get(pid) ?? 0);
  const waited = (pid: number) => runQueueSeconds(pid) - (before.waiting.get(pid) ?? 0);
  const pct = (s: number) => Math.round((s / seconds) * 100);
  const perWorker = workers.map((w) => used(w.pid));
  return {
    web: pct(used(web.pid)),
    workers: pct(perWorker.reduce((a, b) => a + b, 0)),
    workerMax: pct(Math.max(0, ...perWorker)),
    postgres: pct(postgresProcesses(web.pid).reduce((s, p) => s + used(p), 0)),
    waitingSeconds: [...workers.map((w) => w.pid), ...postgresProcesses(web.pid)].reduce((s, p) => s + waited(p), 0),
  };
}

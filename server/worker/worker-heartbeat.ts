/**
 * A worker's heartbeat: proves every few seconds that its pools and its own runs' owner are
 * alive, and sweeps up after workers that stopped proving it (their locked jobs are unlocked,
 * their owned runs queued), so their runs resume here instead of after graphile-worker's 4 hours.
 */
import { hostname } from 'node:os';
import type { Sql } from 'postgres';
import { isDatabaseUnavailable } from '../db/availability';
import { queueOrphanedRuns, queueStrayRuns, recordHeartbeats, unlockSilentWorkers } from '../db/worker-heartbeats';

export interface HeartbeatOptions {
  sql: Sql;
  /** The ids this worker holds jobs and runs under (queue pools, the run-here owner). */
  ids(): string[];
  /** The run-here owner id, and the runs it is executing (any other it owns is a stray). */
  owner: string;
  executing(): string[];
  heartbeatMs: number;
  deadAfterMs: number;
  log(message: string): void;
}

/** Beats once now, then every `heartbeatMs`; returns the function that stops it. */
export async function startHeartbeat(options: HeartbeatOptions): Promise<() => void> {
  const { sql, log } = options;
  const beat = async () => {
    await recordHeartbeats(sql, options.ids(), process.pid, hostname(), options.heartbeatMs);
    const silent = await unlockSilentWorkers(sql, options.deadAfterMs);
    if (silent.length) log(`resumed the runs of ${silent.length} stopped worker(s): ${silent.join(', ')}`);
    const orphans = await queueOrphanedRuns(sql, options.deadAfterMs);
    if (orphans) log(`queued ${orphans} run(s) whose process stopped before it was recorded`);
    const strays = await queueStrayRuns(sql, options.owner, options.executing());
    if (strays) log(`queued ${strays} run(s) this process had stopped executing`);
  };
  const beatQuietly = () =>
    beat().catch((err: unknown) => {
      // An outage is reported once, by the outage gate.
      if (!isDatabaseUnavailable(err)) log(`heartbeat failed: ${String(err)}`);
    });
  await beatQuietly();
  const timer = setInterval(beatQuietly, options.heartbeatMs);
  timer.unref();
  return () => clearInterval(timer);
}

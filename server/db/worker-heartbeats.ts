/**
 * The `worker_heartbeats` table: one row per graphile-worker pool, with the pid and host of the
 * process running it. It is how a dead worker's locked jobs (graphile-worker keeps them locked
 * for 4 hours) get back to the queue: by silence (any host), or at once when a process on the
 * same host sees that the pid is gone.
 */
import type { Sql } from 'postgres';
import { isProcessAlive } from './file-lock';
import { RUN_JOB_MAX_ATTEMPTS, RUN_TASK } from './runs';

/** `heartbeatMs`: how often the worker beats; /api/health calls it dead after two missed beats. */
export async function recordHeartbeats(
  sql: Sql,
  workerIds: readonly string[],
  pid: number,
  host: string,
  heartbeatMs = 5000,
): Promise<void> {
  for (const id of workerIds) {
    await sql`
      insert into worker_heartbeats (worker_id, pid, hostname, heartbeat_ms) values (${id}, ${pid}, ${host}, ${heartbeatMs})
      on conflict (worker_id) do update set last_seen = now()`;
  }
}

export async function forgetHeartbeats(sql: Sql, workerIds: readonly string[]): Promise<void> {
  if (workerIds.length) await sql`delete from worker_heartbeats where worker_id in ${sql(workerIds)}`;
}

/**
 * Unlocks the jobs of these workers, queues the runs they executed without a job (owned runs,
 * server/worker/run-here.ts) and forgets them; returns their ids.
 */
export async function releaseWorkers(sql: Sql, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return ids;
  await sql.begin(async (tx) => {
    await tx`select graphile_worker.force_unlock_workers(${tx.array(ids)}::text[])`;
    await tx`
      with r as (update runs set owner = null where owner in ${tx(ids)} and status in ('queued', 'running') returning id)
      select graphile_worker.add_job(${RUN_TASK}, json_build_object('runId', r.id), job_key => r.id, max_attempts => ${RUN_JOB_MAX_ATTEMPTS})
      from r`;
    await tx`delete from worker_heartbeats where worker_id in ${tx(ids)}`;
  });
  return ids;
}

/**
 * Queues the runs `owner` (this live process) owns but no longer executes: its hand-back failed
 * (the database was away), or an insert it took as failed had committed after all.
 */
export async function queueStrayRuns(sql: Sql, owner: string, executing: readonly string[]): Promise<number> {
  const rows = await sql`
    with r as (
      update runs set owner = null
      where owner = ${owner} and status in ('queued', 'running') and not (id = any(${sql.array([...executing])}::text[]))
      returning id)
    select graphile_worker.add_job(${RUN_TASK}, json_build_object('runId', r.id), job_key => r.id, max_attempts => ${RUN_JOB_MAX_ATTEMPTS})
    from r`;
  return rows.length;
}

/**
 * Queues owned runs whose owner has no heartbeat row at all (it died before its first beat was
 * stored, or its row was removed by hand) once they are older than `deadAfterMs`.
 */
export async function queueOrphanedRuns(sql: Sql, deadAfterMs: number): Promise<number> {
  const rows = await sql`
    with r as (
      update runs set owner = null
      where owner is not null and status in ('queued', 'running')
        and started_at < now() - make_interval(secs => ${deadAfterMs / 1000})
        and not exists (select 1 from worker_heartbeats h where h.worker_id = runs.owner)
      returning id)
    select graphile_worker.add_job(${RUN_TASK}, json_build_object('runId', r.id), job_key => r.id, max_attempts => ${RUN_JOB_MAX_ATTEMPTS})
    from r`;
  return rows.length;
}

/**
 * Releases the jobs of workers whose heartbeat is older than `deadAfterMs`, so their runs
 * resume elsewhere. Safe to call from every worker at once.
 */
export async function unlockSilentWorkers(sql: Sql, deadAfterMs: number): Promise<string[]> {
  const rows = await sql<{ worker_id: string }[]>`
    select worker_id from worker_heartbeats
    where last_seen < now() - make_interval(secs => ${deadAfterMs / 1000})`;
  return releaseWorkers(
    sql,
    rows.map((r) => r.worker_id),
  );
}

/**
 * Releases the jobs of workers that ran on this host in a process that no longer exists (a
 * crash, SIGKILL, a power cut before this restart): no need to wait for their heartbeat to go
 * stale. `isAlive` is for tests.
 */
export async function unlockDeadOnThisHost(sql: Sql, host: string, isAlive: (pid: number) => boolean = isProcessAlive): Promise<string[]> {
  const rows = await sql<{ worker_id: string; pid: number }[]>`
    select worker_id, pid from worker_heartbeats where hostname = ${host}`;
  return releaseWorkers(
    sql,
    rows.filter((r) => r.pid !== process.pid && !isAlive(r.pid)).map((r) => r.worker_id),
  );
}

/** Every worker's last heartbeat, newest first, with the database's clock (health page). Rows
 * of runs answered in the web server itself ('here-…') are not workers and are left out. */
export async function listHeartbeats(sql: Sql) {
  return sql<{ worker_id: string; hostname: string; pid: number; last_seen: Date; heartbeat_ms: number; db_now: Date }[]>`
    select worker_id, hostname, pid, last_seen, heartbeat_ms, now() as db_now from worker_heartbeats where worker_id not like 'here-%' order by last_seen desc`;
}

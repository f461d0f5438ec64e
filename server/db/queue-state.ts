/** The run queue (graphile-worker's jobs table) as health and metrics see it. */
import type { Sql } from 'postgres';

export interface QueueState {
  /** Jobs due now that no worker has taken yet. */
  depth: number;
  /** How long the oldest of them has waited, in ms (0 when none). */
  lagMs: number;
}

export async function queueState(sql: Sql): Promise<QueueState> {
  const [row] = await sql`
    select count(*)::int as depth,
           coalesce(extract(epoch from now() - min(run_at)) * 1000, 0)::float8 as lag_ms
    from graphile_worker._private_jobs
    where locked_at is null and run_at <= now() and attempts < max_attempts`;
  return { depth: Number(row.depth), lagMs: Math.max(0, Number(row.lag_ms)) };
}

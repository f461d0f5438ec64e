/**
 * Run retention: deletes finished runs older than N days and/or beyond the newest N runs of
 * each workflow. A run's step results (node_runs) and their stored output pages
 * (node_output_pages) go with it through their ON DELETE CASCADE keys. Queued and running runs
 * are never deleted, but they count among "the newest N".
 */
import type { Sql } from 'postgres';

export interface RetentionRules {
  /** Finished runs that ended longer ago than this are deleted; 0 = no age limit. */
  days: number;
  /** Only the newest this many runs of each workflow are kept; 0 = no count limit. */
  runsPerWorkflow: number;
}

/** Runs deleted per transaction: keeps locks and each cascade short on a busy database. */
const BATCH = 500;

/**
 * Deletes what the rules say and returns how many runs went. Runs of workflow files that were
 * never saved (no workflow id) count as one group for `runsPerWorkflow`.
 */
export async function pruneRuns(sql: Sql, rules: RetentionRules): Promise<{ deletedRuns: number }> {
  const days = Math.max(0, Math.floor(rules.days));
  const keep = Math.max(0, Math.floor(rules.runsPerWorkflow));
  if (days === 0 && keep === 0) return { deletedRuns: 0 };
  let deletedRuns = 0;
  for (;;) {
    const rows = await sql`
      with ranked as (
        select id, status, coalesce(finished_at, created_at) as ended,
               row_number() over (partition by workflow_id order by created_at desc, id desc) as newest
        from runs
      ),
      doomed as (
        select id from ranked
        where status in ('succeeded', 'failed', 'cancelled')
          and ((${days}::int > 0 and ended < now() - make_interval(days => ${days}::int))
            or (${keep}::int > 0 and newest > ${keep}::int))
        limit ${BATCH}
      )
      delete from runs where id in (select id from doomed)
      returning id`;
    deletedRuns += rows.length;
    if (rows.length < BATCH) return { deletedRuns };
  }
}

/**
 * The scheduled clean-up: a graphile-worker cron item that prunes old runs every hour, by the
 * retention settings as they are at that moment. graphile-worker schedules each hour once
 * across all workers sharing a database (its known_crontabs table).
 */
import { parseCronItems, type ParsedCronItem, type Task } from 'graphile-worker';
import type { Sql } from 'postgres';
import { pruneRuns } from '../db/retention';
import { pruneAudit } from '../db/audit';
import type { SettingsReader } from '../settings/store';

export const PRUNE_TASK = 'prune-runs';

/** Every hour at minute 17 (away from the full hour, when schedules tend to fire). */
export const PRUNE_SCHEDULE = '17 * * * *';

export function pruneCronItems(): ParsedCronItem[] {
  // No backfill: an hour missed while every worker was down is covered by the next one.
  return parseCronItems([
    { task: PRUNE_TASK, match: PRUNE_SCHEDULE, identifier: PRUNE_TASK, options: { backfillPeriod: 0, maxAttempts: 3 } },
  ]);
}

export function pruneTask(sql: Sql, settings: SettingsReader, log: (message: string) => void): Task {
  return async () => {
    const { retentionDays, retentionRunsPerWorkflow } = settings.current();
    const { deletedRuns } = await pruneRuns(sql, { days: retentionDays, runsPerWorkflow: retentionRunsPerWorkflow });
    if (deletedRuns > 0) log(`Deleted ${deletedRuns} old run(s) as the retention settings ask.`);
    // The audit log is kept for the same number of days as runs.
    const deletedEntries = await pruneAudit(sql, retentionDays);
    if (deletedEntries > 0) log(`Deleted ${deletedEntries} audit log entries older than ${retentionDays} days.`);
  };
}

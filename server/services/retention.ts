/** The retention clean-up by hand ("Clean up now" on the Settings page). */
import type { Sql } from 'postgres';
import { pruneAudit } from '../db/audit';
import { pruneRuns } from '../db/retention';
import { readSettings } from '../settings/service';

/** Removes runs (and audit entries) past the saved retention; answers how many runs went. */
export async function pruneNow(sql: Sql): Promise<{ deletedRuns: number }> {
  const { settings } = await readSettings(sql);
  // The audit log is kept as long as runs are (the same days setting).
  await pruneAudit(sql, settings.retentionDays);
  return pruneRuns(sql, { days: settings.retentionDays, runsPerWorkflow: settings.retentionRunsPerWorkflow });
}

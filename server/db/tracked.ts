/** "Track this value": the tracked fields of workflows and the values runs recorded. */
import type { Sql } from 'postgres';
import { newId } from '../ids';
import { AFTER_RUN_CHANNEL } from './channels';

export interface TrackedField {
  id: string;
  workflowId: string;
  nodeId: string;
  field: string;
  label: string;
}

const toField = (r: Record<string, unknown>): TrackedField => ({
  id: String(r.id),
  workflowId: String(r.workflow_id),
  nodeId: String(r.node_id),
  field: String(r.field),
  label: String(r.label),
});

export async function trackedFieldsOf(sql: Sql, workflowId?: string): Promise<TrackedField[]> {
  const rows = await sql`
    select id, workflow_id, node_id, field, label from tracked_fields
    ${workflowId ? sql`where workflow_id = ${workflowId}` : sql``} order by created_at`;
  return rows.map(toField);
}

/** Starts tracking (or relabels) a field of a step; returns its id. */
export async function trackField(sql: Sql, input: Omit<TrackedField, 'id'>): Promise<string> {
  const [row] = await sql`
    insert into tracked_fields (id, workflow_id, node_id, field, label)
    values (${newId('trk')}, ${input.workflowId}, ${input.nodeId}, ${input.field}, ${input.label})
    on conflict (workflow_id, node_id, field) do update set label = excluded.label
    returning id`;
  await announceAfterRunChange(sql, input.workflowId);
  return String(row.id);
}

export async function untrackField(sql: Sql, id: string): Promise<boolean> {
  const rows = await sql`delete from tracked_fields where id = ${id} returning workflow_id`;
  if (rows.length > 0) await announceAfterRunChange(sql, String(rows[0].workflow_id));
  return rows.length > 0;
}

export async function recordTrackedValues(sql: Sql, runId: string, values: Array<{ trackedId: string; value: number }>): Promise<void> {
  if (values.length === 0) return;
  await sql`
    insert into tracked_values ${sql(values.map((v) => ({ tracked_id: v.trackedId, run_id: runId, value: v.value })))}
    on conflict (tracked_id, run_id) do update set value = excluded.value`;
}

export interface TrackedPoint {
  runId: string;
  value: number;
  at: Date;
}

/** The newest `limit` values of a tracked field, oldest first (for the chart). */
export async function trackedSeries(sql: Sql, trackedId: string, limit = 500, since?: Date): Promise<TrackedPoint[]> {
  const rows = await sql`
    select run_id, value, recorded_at from (
      select run_id, value, recorded_at from tracked_values
      where tracked_id = ${trackedId} ${since ? sql`and recorded_at >= ${since}` : sql``}
      order by recorded_at desc limit ${limit}) newest
    order by recorded_at`;
  return rows.map((r) => ({ runId: String(r.run_id), value: Number(r.value), at: r.recorded_at as Date }));
}

/** Tells workers that a workflow's tracked fields or alert rules changed ('' : every workflow's). */
export async function announceAfterRunChange(sql: Sql, workflowId: string): Promise<void> {
  await sql`select pg_notify(${AFTER_RUN_CHANNEL}, ${workflowId})`;
}

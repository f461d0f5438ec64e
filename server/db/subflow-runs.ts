/**
 * Runs started by another run's "Run another workflow" step. A child's id is derived from the
 * parent run, the step and the call, and inserted with `on conflict do nothing`: a parent that
 * resumes after a crash finds the children it had started instead of starting them again.
 */
import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';
import { EVENTS_CHANNEL, type RunEvent } from '../../core/run-events';
import { RUN_TASK } from './runs';

/** The same parent run, step and call always name the same child run. */
export function childRunId(parentRunId: string, nodeId: string, key: string): string {
  const digest = createHash('sha256').update(`${parentRunId}\n${nodeId}\n${key}`).digest();
  let out = '';
  for (const b of digest.subarray(0, 16)) out += (b % 36).toString(36);
  return `run_${out}`;
}

export interface CallableWorkflow {
  /** Null for a repeated group of a run that belongs to no saved workflow (a file run). */
  id: string | null;
  name: string;
  /** Null for a repeated group: its steps come from the calling run's document, not a saved version. */
  version: number | null;
  document: WorkflowDocument;
}

/** The saved workflow's current version, or null. */
export async function loadCallableWorkflow(sql: Sql, workflowId: string): Promise<CallableWorkflow | null> {
  const rows = await sql`
    select w.id, w.name, v.version, v.document::text as document
    from workflows w join workflow_versions v on v.workflow_id = w.id and v.version = w.current_version
    where w.id = ${workflowId}`;
  if (rows.length === 0) return null;
  const row = z.object({ id: z.string(), name: z.string(), version: z.number(), document: z.string() }).parse(rows[0]);
  return { ...row, document: workflowDocumentSchema.parse(JSON.parse(row.document)) };
}

export interface ChildRun {
  id: string;
  workflow: CallableWorkflow;
  triggerNodeId: string;
  payload: unknown;
  /** false: run by the caller itself (it waits); true: queued like any run (fire and forget). */
  queue: boolean;
}

/** Stores the child run unless it exists; queues its job only when asked. Returns whether it was new. */
export async function insertChildRun(sql: Sql, child: ChildRun): Promise<boolean> {
  const event: RunEvent = { type: 'run', runId: child.id, workflowId: child.workflow.id, status: 'queued' };
  const rows = await sql`
    with r as (
      insert into runs (id, workflow_id, workflow_version, document, trigger_kind, trigger_node_id, trigger_payload)
      values (${child.id}, ${child.workflow.id}, ${child.workflow.version}, ${sql.json(child.workflow.document as never)},
              'workflow', ${child.triggerNodeId}, ${sql.json(child.payload as never)})
      on conflict (id) do nothing
      returning id),
    j as (
      select graphile_worker.add_job(${RUN_TASK}, json_build_object('runId', r.id), job_key => r.id, max_attempts => 25) as job
      from r where ${child.queue}),
    n as (select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)}) as sent from r)
    select (select count(*) from r)::int as inserted, (select count(*) from j) as jobs, (select count(*) from n) as events`;
  return z.number().parse(rows[0].inserted) === 1;
}

export async function childRunStatus(sql: Sql, runId: string): Promise<{ status: string; error: unknown } | null> {
  const rows = await sql`select status, error from runs where id = ${runId}`;
  return rows.length === 0 ? null : { status: String(rows[0].status), error: rows[0].error };
}

export interface ChildRunLink {
  runId: string;
  workflowId: string | null;
  workflowName: string | null;
  status: string;
  /** The call's name among the step's calls: `all`, `item-3`, `round-2`. */
  key: string | null;
  /** A round of the calling step's own group of steps (Repeat until), not a run of a saved workflow. */
  steps: boolean;
  itemCount: number | null;
}

export interface RunLinks {
  /** The run whose step called this one, when another workflow called it. */
  calledBy: { runId: string; nodeId: string; nodeName: string | null; workflowId: string | null; workflowName: string | null } | null;
  /** Per step of this run: the runs it called, in the order they were started. */
  children: Record<string, ChildRunLink[]>;
}

const parentSchema = z.object({ runId: z.string(), nodeId: z.string() });

/** Both directions of "Run another workflow" / "Repeat until" for the run inspector. */
export async function loadRunLinks(sql: Sql, runId: string, triggerKind: string, payload: unknown): Promise<RunLinks> {
  const rows = await sql`
    select r.id, r.workflow_id, w.name, r.status, r.trigger_payload->'parent'->>'nodeId' as node_id,
           r.trigger_payload->'parent'->>'key' as key, (r.trigger_payload->'parent'->>'steps') = 'true' as steps,
           json_array_length(coalesce(r.trigger_payload->'items', '[]'::json)) as items
    from runs r left join workflows w on w.id = r.workflow_id
    where r.trigger_kind = 'workflow' and r.trigger_payload->'parent'->>'runId' = ${runId}
    order by r.created_at, r.id`;
  const children: Record<string, ChildRunLink[]> = {};
  for (const row of rows) {
    const nodeId = String(row.node_id);
    (children[nodeId] ??= []).push({
      runId: String(row.id),
      workflowId: row.workflow_id === null ? null : String(row.workflow_id),
      workflowName: row.name === null ? null : String(row.name),
      status: String(row.status),
      key: row.key === null ? null : String(row.key),
      steps: row.steps === true,
      itemCount: row.items === null ? null : Number(row.items),
    });
  }
  // Calls made at the same time start in any order: list them by their place (item 1, 2…; round 1, 2…).
  for (const list of Object.values(children)) list.sort((a, b) => callPlace(a.key) - callPlace(b.key));
  return { calledBy: await calledBy(sql, triggerKind, payload), children };
}

function callPlace(key: string | null): number {
  const n = key?.match(/-(\d+)$/);
  return n ? Number(n[1]) : -1;
}

async function calledBy(sql: Sql, triggerKind: string, payload: unknown): Promise<RunLinks['calledBy']> {
  if (triggerKind !== 'workflow' || !payload || typeof payload !== 'object') return null;
  const parent = parentSchema.safeParse((payload as { parent?: unknown }).parent);
  if (!parent.success) return null;
  const [row] = await sql`
    select r.workflow_id, w.name, (select n->>'name' from jsonb_array_elements(r.document->'nodes') n where n->>'id' = ${parent.data.nodeId} limit 1) as node_name
    from runs r left join workflows w on w.id = r.workflow_id where r.id = ${parent.data.runId}`;
  return {
    ...parent.data,
    nodeName: row?.node_name ? String(row.node_name) : null,
    workflowId: row?.workflow_id ? String(row.workflow_id) : null,
    workflowName: row?.name ? String(row.name) : null,
  };
}

const declaredSchema = z.object({ inputs: z.array(z.object({ name: z.string(), type: z.string() })).default([]) });

/** The fields a workflow's "Called by another workflow" step declares; null when it has none. */
export function declaredInputs(document: WorkflowDocument): { name: string; type: string }[] | null {
  const trigger = document.nodes.find((n) => n.type === 'workflow-trigger');
  if (!trigger) return null;
  const parsed = declaredSchema.safeParse(trigger.config ?? {});
  return parsed.success ? parsed.data.inputs.filter((i) => i.name.trim() !== '') : [];
}

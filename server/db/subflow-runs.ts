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
  id: string;
  name: string;
  version: number;
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

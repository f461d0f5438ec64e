/**
 * SQL for runs and node results, written with postgres.js directly: this is the hot path
 * (one statement per node result), so no query builder sits in between.
 */
import type postgres from 'postgres';
import type { Sql } from 'postgres';
import { z } from 'zod';
import type { HandleItems, Item } from '../../nodes/types';
import { workflowDocumentSchema, type WorkflowDocument } from '../engine/document';
import type { NodeState } from '../engine/plan';
import { EVENTS_CHANNEL, type RunEvent } from '../events';

/** Items per handle kept in the node_runs row; longer lists go to node_output_pages. */
export const PREVIEW_ITEMS = 20;
/** Items per stored page. */
export const PAGE_ITEMS = 1000;

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  data?: unknown;
  at: string;
}

export interface NodeError {
  message: string;
  code?: 'timeout' | 'cancelled' | 'expression' | 'config' | 'node' | 'interrupted';
  field?: string;
}

export interface NodeRecord {
  runId: string;
  nodeId: string;
  attempt: number;
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  inputCounts: Record<string, number>;
  outputs: HandleItems;
  logs: LogEntry[];
  error: NodeError | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
}

const runRowSchema = z.object({
  id: z.string(),
  workflow_id: z.string().nullable(),
  workflow_version: z.number().nullable(),
  document: z.unknown(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  trigger_kind: z.string(),
  trigger_node_id: z.string().nullable(),
  trigger_payload: z.unknown(),
  start_node_id: z.string().nullable(),
  source_run_id: z.string().nullable(),
  cancel_requested: z.boolean(),
});

export interface RunForExecution {
  id: string;
  workflowId: string | null;
  document: WorkflowDocument;
  status: RunStatus;
  triggerKind: string;
  triggerNodeId: string | null;
  triggerPayload: unknown;
  startNodeId: string | null;
  sourceRunId: string | null;
  cancelRequested: boolean;
}

export async function loadRunForExecution(sql: Sql, runId: string): Promise<RunForExecution | null> {
  const rows = await sql`
    select id, workflow_id, workflow_version, document, status, trigger_kind, trigger_node_id,
           trigger_payload, start_node_id, source_run_id, cancel_requested
    from runs where id = ${runId}`;
  if (rows.length === 0) return null;
  const row = runRowSchema.parse(rows[0]);
  return {
    id: row.id,
    workflowId: row.workflow_id,
    document: workflowDocumentSchema.parse(row.document),
    status: row.status,
    triggerKind: row.trigger_kind,
    triggerNodeId: row.trigger_node_id,
    triggerPayload: row.trigger_payload,
    startNodeId: row.start_node_id,
    sourceRunId: row.source_run_id,
    cancelRequested: row.cancel_requested,
  };
}

const itemsSchema = z.array(z.record(z.string(), z.unknown()));
const handleItemsSchema = z.record(z.string(), itemsSchema);

/**
 * The settled results stored for a run, latest attempt per node, with full outputs read
 * back from pages: what a resumed run (or "run from here") starts from.
 */
export async function loadSettledStates(sql: Sql, runId: string): Promise<Map<string, NodeState & { attempt: number }>> {
  const rows = await sql`
    select distinct on (node_id) id, node_id, attempt, status, output_preview, output_paged
    from node_runs where run_id = ${runId}
    order by node_id, attempt desc`;
  const states = new Map<string, NodeState & { attempt: number }>();
  for (const row of rows) {
    const status = z.enum(['running', 'succeeded', 'failed', 'skipped', 'cancelled']).parse(row.status);
    const attempt = z.number().parse(row.attempt);
    if (status === 'running' || status === 'cancelled') continue;
    const outputs = row.output_paged
      ? await loadAllPages(sql, z.number().parse(row.id))
      : handleItemsSchema.parse(row.output_preview);
    states.set(String(row.node_id), { status, outputs, attempt });
  }
  return states;
}

async function loadAllPages(sql: Sql, nodeRunId: number): Promise<HandleItems> {
  const outputs: HandleItems = {};
  const pages = await sql`select handle, items from node_output_pages where node_run_id = ${nodeRunId} order by handle, page`;
  for (const page of pages) {
    const list = (outputs[String(page.handle)] ??= []);
    for (const item of itemsSchema.parse(page.items)) list.push(item);
  }
  return outputs;
}

/** Attempts already made for a node in a run (finished ones; an interrupted attempt left no row). */
export async function countAttempts(sql: Sql, runId: string, nodeId: string): Promise<number> {
  const [row] = await sql`select coalesce(max(attempt), 0)::int as n from node_runs where run_id = ${runId} and node_id = ${nodeId}`;
  return z.number().parse(row.n);
}

function countsOf(outputs: HandleItems): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [handle, items] of Object.entries(outputs)) counts[handle] = items.length;
  return counts;
}

function needsPages(outputs: HandleItems): boolean {
  return Object.values(outputs).some((items) => items.length > PREVIEW_ITEMS);
}

function previewOf(outputs: HandleItems): HandleItems {
  const preview: HandleItems = {};
  for (const [handle, items] of Object.entries(outputs)) preview[handle] = items.slice(0, PREVIEW_ITEMS);
  return preview;
}

function nodeEvent(record: NodeRecord): RunEvent {
  return {
    type: 'node',
    runId: record.runId,
    nodeId: record.nodeId,
    status: record.status,
    attempt: record.attempt,
    outputCounts: countsOf(record.outputs),
    durationMs: record.durationMs ?? undefined,
  };
}

/**
 * Stores one node result and announces it, in one statement (one commit) when the output is
 * small; with its pages in one transaction when it is large. Returns once durable.
 */
export async function recordNodeResult(sql: Sql, record: NodeRecord): Promise<void> {
  if (needsPages(record.outputs)) {
    await sql.begin((tx) => insertPaged(tx, record));
    return;
  }
  const event = JSON.stringify(nodeEvent(record));
  await sql`
    with ins as (insert into node_runs ${sql(rowValues(record) as unknown as Record<string, never>)} returning id)
    select pg_notify(${EVENTS_CHANNEL}, ${event}) from ins`;
}

function rowValues(record: NodeRecord) {
  const paged = needsPages(record.outputs);
  return {
    run_id: record.runId,
    node_id: record.nodeId,
    attempt: record.attempt,
    status: record.status,
    input_counts: record.inputCounts,
    output_counts: countsOf(record.outputs),
    output_preview: paged ? previewOf(record.outputs) : record.outputs,
    output_paged: paged,
    logs: record.logs,
    error: record.error,
    started_at: record.startedAt,
    finished_at: record.finishedAt,
    duration_ms: record.durationMs,
  };
}

async function insertPaged(tx: postgres.TransactionSql, record: NodeRecord): Promise<void> {
  const [row] = await tx`insert into node_runs ${tx(rowValues(record) as unknown as Record<string, never>)} returning id`;
  const nodeRunId = z.number().parse(Number(row.id));
  for (const [handle, items] of Object.entries(record.outputs)) await insertPages(tx, nodeRunId, handle, items);
  await tx`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(nodeEvent(record))})`;
}

async function insertPages(tx: postgres.TransactionSql, nodeRunId: number, handle: string, items: Item[]): Promise<void> {
  // Several pages per statement keep round trips down without building one huge query.
  const PAGES_PER_STATEMENT = 20;
  const batch: Array<{ node_run_id: number; handle: string; page: number; items: Item[] }> = [];
  for (let page = 0, offset = 0; offset < items.length; page++, offset += PAGE_ITEMS) {
    batch.push({ node_run_id: nodeRunId, handle, page, items: items.slice(offset, offset + PAGE_ITEMS) });
    if (batch.length === PAGES_PER_STATEMENT) {
      await tx`insert into node_output_pages ${tx(batch as unknown as Record<string, never>[])}`;
      batch.length = 0;
    }
  }
  if (batch.length) await tx`insert into node_output_pages ${tx(batch as unknown as Record<string, never>[])}`;
}

/** Stores many results in one transaction (runs that keep results until they end). */
export async function recordNodeResults(sql: Sql, records: NodeRecord[]): Promise<void> {
  if (records.length === 0) return;
  await sql.begin(async (tx) => {
    const small = records.filter((r) => !needsPages(r.outputs));
    if (small.length) {
      await tx`insert into node_runs ${tx(small.map(rowValues) as unknown as Record<string, never>[])}`;
      const events = small.map((r) => JSON.stringify(nodeEvent(r)));
      await tx`select pg_notify(${EVENTS_CHANNEL}, e) from unnest(${tx.array(events)}::text[]) as e`;
    }
    for (const record of records.filter((r) => needsPages(r.outputs))) await insertPaged(tx, record);
  });
}

/** Stores many skipped nodes at once. */
export async function recordSkipped(sql: Sql, runId: string, nodeIds: string[]): Promise<void> {
  if (nodeIds.length === 0) return;
  const rows = nodeIds.map((nodeId) => ({ run_id: runId, node_id: nodeId, attempt: 1, status: 'skipped' }));
  const events = nodeIds.map((nodeId) => JSON.stringify({ type: 'node', runId, nodeId, status: 'skipped' }));
  await sql`
    with ins as (insert into node_runs ${sql(rows)} returning 1)
    select pg_notify(${EVENTS_CHANNEL}, e) from unnest(${sql.array(events)}::text[]) as e`;
}

/** Announces a node start without a write: live state only, nothing to recover. */
export async function announceNodeRunning(sql: Sql, runId: string, nodeId: string, attempt: number): Promise<void> {
  const event: RunEvent = { type: 'node', runId, nodeId, status: 'running', attempt };
  await sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
}

export async function markRunRunning(sql: Sql, runId: string, workflowId: string | null): Promise<void> {
  const event: RunEvent = { type: 'run', runId, workflowId, status: 'running' };
  await sql`
    with upd as (
      update runs set status = 'running', started_at = coalesce(started_at, now())
      where id = ${runId} returning 1)
    select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)}) from upd`;
}

export async function finishRun(
  sql: Sql,
  runId: string,
  workflowId: string | null,
  status: 'succeeded' | 'failed' | 'cancelled',
  error: NodeError & { nodeId?: string } | null,
): Promise<void> {
  const event: RunEvent = { type: 'run', runId, workflowId, status };
  await sql`
    with upd as (
      update runs set status = ${status}, error = ${error as never}, finished_at = now()
      where id = ${runId} returning 1)
    select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)}) from upd`;
}

export async function isCancelRequested(sql: Sql, runId: string): Promise<boolean> {
  const [row] = await sql`select cancel_requested from runs where id = ${runId}`;
  return row ? Boolean(row.cancel_requested) : true;
}


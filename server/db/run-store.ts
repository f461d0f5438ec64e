/**
 * SQL for runs and node results, written with postgres.js directly: this is the hot path
 * (one statement per node result), so no query builder sits in between.
 */
import type postgres from 'postgres';
import type { Sql } from 'postgres';
import { z } from 'zod';
import type { HandleItems, Item } from '../../nodes/types';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';
import type { NodeState } from '../../core/plan';
import type { RunEvent } from '../../core/run-events';
import { groupWriter, type GroupWriter } from './group-commit';
import { countsOf, insertNodeRuns, jsonbText, needsPages } from './node-run-rows';
import { runEventSender } from './run-events';

export { PREVIEW_BYTES, PREVIEW_ITEMS, previewItems } from './node-run-rows';
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
  code?: 'timeout' | 'cancelled' | 'expression' | 'config' | 'node' | 'interrupted' | 'internal' | 'warning';
  field?: string;
}

export const stepWarningSchema = z.object({ message: z.string() });
/** The step worked, but its result may not be what was meant: shown on the step and counted in the run's summary. */
export type StepWarning = z.infer<typeof stepWarningSchema>;

export interface NodeRecord {
  runId: string;
  nodeId: string;
  attempt: number;
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  inputCounts: Record<string, number>;
  outputs: HandleItems;
  logs: LogEntry[];
  error: NodeError | null;
  /** Absent: none. */
  warnings?: StepWarning[];
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

const claimRowSchema = runRowSchema.extend({
  document: z.string(),
  has_results: z.boolean(),
  claimed: z.number(),
  started_at: z.date().nullable(),
  workflow_name: z.string().nullable(),
  workflow_active: z.boolean(),
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
  /** Whether any node result is stored: false for a fresh run, which then has nothing to resume. */
  hasResults: boolean;
  /** When the run first started: set once, so a resumed run and every retry see the same `$now`. */
  startedAt: Date;
  /** `$workflow` in expressions: the workflow's name now (the document's when it is gone) and whether it is on. */
  workflow: { id: string | null; name: string; active: boolean };
}

/**
 * Loads a run to execute and, when it may run (queued or running, not cancelled), marks it
 * running in the same statement. `status` is the one before. The caller may use a pool with
 * asynchronous commit: "running" is visible at once, and if Postgres loses it in a crash the run
 * is simply queued again with its job.
 */
export async function claimRunForExecution(sql: Sql, runId: string): Promise<RunForExecution | null> {
  const rows = await sql`
    with claim as (
      update runs set status = 'running', started_at = coalesce(started_at, now())
      where id = ${runId} and status in ('queued', 'running') and not cancel_requested
      returning id, started_at)
    select r.id, r.workflow_id, r.workflow_version, r.document::text as document, r.status, r.trigger_kind,
           r.trigger_node_id, r.trigger_payload, r.start_node_id, r.source_run_id, r.cancel_requested,
           exists (select 1 from node_runs where run_id = r.id) as has_results,
           (select count(*) from claim)::int as claimed,
           coalesce((select started_at from claim), r.started_at) as started_at,
           w.name as workflow_name, coalesce(w.active, false) as workflow_active
    from runs r left join workflows w on w.id = r.workflow_id where r.id = ${runId}`;
  if (rows.length === 0) return null;
  const row = claimRowSchema.parse(rows[0]);
  const document = documentFromText(row.document);
  return {
    id: row.id,
    workflowId: row.workflow_id,
    document,
    status: row.status,
    triggerKind: row.trigger_kind,
    triggerNodeId: row.trigger_node_id,
    triggerPayload: row.trigger_payload,
    startNodeId: row.start_node_id,
    sourceRunId: row.source_run_id,
    cancelRequested: row.cancel_requested,
    hasResults: row.has_results,
    // Only a run that was never claimed (already finished before it started) has none.
    startedAt: row.started_at ?? new Date(),
    workflow: { id: row.workflow_id, name: row.workflow_name ?? document.name, active: row.workflow_active },
  };
}

/**
 * Parsed documents by their stored text. Runs of one workflow version store the same text, so
 * the document is parsed (and its nodes' compiled configs, cached per node object, built) once
 * per process instead of once per run. The objects are shared between runs: never mutate them.
 */
const documentCache = new Map<string, WorkflowDocument>();
const DOCUMENT_CACHE_ENTRIES = 64;
const DOCUMENT_CACHE_MAX_CHARS = 256 * 1024;

function documentFromText(text: string): WorkflowDocument {
  const cached = documentCache.get(text);
  if (cached) {
    // Most recently used last: the first key is the one to evict.
    documentCache.delete(text);
    documentCache.set(text, cached);
    return cached;
  }
  const document = workflowDocumentSchema.parse(JSON.parse(text));
  if (text.length <= DOCUMENT_CACHE_MAX_CHARS) {
    if (documentCache.size >= DOCUMENT_CACHE_ENTRIES) documentCache.delete(documentCache.keys().next().value!);
    documentCache.set(text, document);
  }
  return document;
}

const itemsSchema = z.array(z.record(z.string(), z.unknown()));
const handleItemsSchema = z.record(z.string(), itemsSchema);

/**
 * The settled results stored for a run, latest attempt per node, with full outputs read
 * back from pages: what a resumed run (or "run from here") starts from.
 */
export async function loadSettledStates(
  sql: Sql,
  runId: string,
  { pagesStay = false } = {},
): Promise<Map<string, NodeState & { attempt: number }>> {
  const rows = await sql`
    select distinct on (node_id) id, node_id, attempt, status, output_preview, output_paged, output_counts
    from node_runs where run_id = ${runId}
    order by node_id, attempt desc`;
  const states = new Map<string, NodeState & { attempt: number }>();
  for (const row of rows) {
    const status = z.enum(['running', 'succeeded', 'failed', 'skipped', 'cancelled']).parse(row.status);
    const attempt = z.number().parse(row.attempt);
    if (status === 'running' || status === 'cancelled') continue;
    if (row.output_paged && pagesStay) {
      // `pagesStay`: a large output is referred to, not read (server/worker/stream-step.ts reads it when needed).
      const counts = z.record(z.string(), z.number()).parse(row.output_counts);
      states.set(String(row.node_id), { status, stored: { ref: nodeRunIdOf(row.id), counts }, attempt });
      continue;
    }
    const outputs = row.output_paged ? await loadAllPages(sql, nodeRunIdOf(row.id)) : handleItemsSchema.parse(row.output_preview);
    states.set(String(row.node_id), { status, outputs, attempt });
  }
  return states;
}

/** node_runs.id is a bigint, which postgres.js hands over as text so no precision is lost. */
function nodeRunIdOf(id: unknown): number {
  return z.coerce.number().int().positive().parse(id);
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

/** Whether a result is stored as one row (its output fits the preview), not with pages of its own. */
export function fitsOneRow(record: NodeRecord): boolean {
  return !needsPages(record.outputs);
}

/** The live event of a stored node result. */
export function nodeEvent(record: NodeRecord): RunEvent {
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
 * Stores one node result in one statement (one commit) when the output is small; with its pages
 * in one transaction when it is large. Returns once committed; its live event follows (run-events.ts).
 */
export async function recordNodeResult(sql: Sql, record: NodeRecord): Promise<void> {
  if (needsPages(record.outputs)) await sql.begin((tx) => insertPaged(tx, record));
  else await insertNodeRuns(sql, [record]);
  void runEventSender(sql).send(nodeEvent(record));
}

/**
 * Writes node results as they come, and the results that arrive while a write is on its way
 * together in the next statement (parallel branches of a run): each caller still resolves only
 * once its own result is committed, so "stored before anything after it starts" holds.
 */
export function resultWriter(sql: Sql): { write(record: NodeRecord): Promise<void>; writeMany(records: NodeRecord[]): Promise<void> } {
  let waiting: Array<{ record: NodeRecord; resolve: () => void; reject: (e: unknown) => void }> = [];
  let busy = false;
  const flush = async () => {
    busy = true;
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        await insertNodeRuns(
          sql,
          batch.map((w) => w.record),
        );
        const events = runEventSender(sql);
        for (const w of batch) {
          void events.send(nodeEvent(w.record));
          w.resolve();
        }
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    busy = false;
  };
  const write = (record: NodeRecord) => {
    if (needsPages(record.outputs)) return recordNodeResult(sql, record);
    return new Promise<void>((resolve, reject) => {
      waiting.push({ record, resolve, reject });
      if (!busy) void flush();
    });
  };
  return {
    write,
    // Queued together, so they share one statement (large outputs apart).
    writeMany: async (records) => void (await Promise.all(records.map(write))),
  };
}

/** Pages' items are json (not jsonb), which keeps their field order: given with the value, as postgres.js types only its own JSON type. */
const JSON_OID = 114;

async function insertPaged(tx: postgres.TransactionSql, record: NodeRecord): Promise<void> {
  const [row] = await tx`${insertNodeRuns(tx, [record])} returning id`;
  const nodeRunId = nodeRunIdOf(row.id);
  for (const [handle, items] of Object.entries(record.outputs)) await insertPages(tx, nodeRunId, handle, items);
}

async function insertPages(tx: postgres.TransactionSql, nodeRunId: number, handle: string, items: Item[]): Promise<void> {
  // Several pages per statement keep round trips down without building one huge query.
  const PAGES_PER_STATEMENT = 20;
  const batch: Array<{ node_run_id: number; handle: string; page: number; items: postgres.Parameter<Item[]> }> = [];
  for (let page = 0, offset = 0; offset < items.length; page++, offset += PAGE_ITEMS) {
    batch.push({ node_run_id: nodeRunId, handle, page, items: tx.typed(items.slice(offset, offset + PAGE_ITEMS), JSON_OID) });
    if (batch.length === PAGES_PER_STATEMENT) {
      await tx`insert into node_output_pages ${tx(batch)}`;
      batch.length = 0;
    }
  }
  if (batch.length) await tx`insert into node_output_pages ${tx(batch)}`;
}

/**
 * Stores many results at once (runs that keep results until they end). No node events: the
 * results become visible together with the run's end, whose event makes viewers re-read the run.
 */
export async function recordNodeResults(sql: Sql, records: NodeRecord[]): Promise<void> {
  if (records.length === 0) return;
  const small = records.filter((r) => !needsPages(r.outputs));
  const large = records.filter((r) => needsPages(r.outputs));
  const insertSmall = (q: Sql | postgres.TransactionSql) => insertNodeRuns(q, small);
  // One statement is atomic by itself: no BEGIN/COMMIT round trips unless pages come along.
  if (large.length === 0) await insertSmall(sql);
  else {
    await sql.begin(async (tx) => {
      if (small.length) await insertSmall(tx);
      for (const record of large) await insertPaged(tx, record);
    });
  }
}

/** Stores many skipped nodes at once, with the warnings of those that have one. */
export async function recordSkipped(
  sql: Sql,
  runId: string,
  nodeIds: string[],
  warnings: ReadonlyMap<string, StepWarning[]> = new Map(),
): Promise<void> {
  if (nodeIds.length === 0) return;
  const rows = nodeIds.map((nodeId) => ({
    run_id: runId,
    node_id: nodeId,
    attempt: 1,
    status: 'skipped',
    warnings: warnings.get(nodeId) ?? [],
  }));
  await sql`insert into node_runs ${sql(rows)}`;
  const events = runEventSender(sql);
  for (const nodeId of nodeIds) void events.send({ type: 'node', runId, nodeId, status: 'skipped' });
}

/**
 * Stores and announces that a node attempt started: the event is sent once, so a browser that
 * opens the run later reads the start from node_starts. Live state only, nothing to recover:
 * the caller may use the pool with asynchronous commit.
 */
export async function announceNodeRunning(sql: Sql, runId: string, nodeId: string, attempt: number): Promise<void> {
  await sql`
    insert into node_starts (run_id, node_id, attempt) values (${runId}, ${nodeId}, ${attempt})
    on conflict (run_id, node_id) do update set attempt = excluded.attempt, started_at = now()`;
  await runEventSender(sql).send({ type: 'node', runId, nodeId, status: 'running', attempt });
}

/** Announces that a run claimed by `claimRunForExecution` is running. */
export function announceRunRunning(sql: Sql, runId: string, workflowId: string | null): void {
  void runEventSender(sql).send({ type: 'run', runId, workflowId, status: 'running' });
}

export async function markRunRunning(sql: Sql, runId: string, workflowId: string | null): Promise<void> {
  await sql`update runs set status = 'running', started_at = coalesce(started_at, now()) where id = ${runId}`;
  announceRunRunning(sql, runId, workflowId);
}

/**
 * Stores the end of a run (a synchronous commit, which also flushes every earlier asynchronous
 * one), with the last results when the run loop kept them for this write (see execute-run.ts),
 * then announces it; resolves once the event is sent, so a worker that stops right after leaves
 * no waiter polling. Ends of concurrent runs share a statement and a commit (group-commit.ts).
 */
export async function finishRun(
  sql: Sql,
  runId: string,
  workflowId: string | null,
  status: 'succeeded' | 'failed' | 'cancelled',
  error: (NodeError & { nodeId?: string }) | null,
  records: NodeRecord[] = [],
  { nodeEvents = true } = {},
): Promise<void> {
  if (records.some((r) => needsPages(r.outputs))) {
    await recordNodeResults(sql, records);
    await endWriter(sql).write({ runId, status, error, records: [] });
  } else await endWriter(sql).write({ runId, status, error, records });
  const events = runEventSender(sql);
  if (nodeEvents) for (const record of records) void events.send(nodeEvent(record));
  await events.send({ type: 'run', runId, workflowId, status });
}

interface RunEndWrite {
  runId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  error: (NodeError & { nodeId?: string }) | null;
  /** Results that fit one row each (no pages). */
  records: NodeRecord[];
}

const endWriters = new WeakMap<Sql, GroupWriter<RunEndWrite>>();

/** The group writer of run ends on one pool. */
function endWriter(sql: Sql): GroupWriter<RunEndWrite> {
  let writer = endWriters.get(sql);
  if (!writer)
    endWriters.set(
      sql,
      (writer = groupWriter(
        (ends) => writeEnds(sql, ends),
        (end) => writeEnds(sql, [end]),
      )),
    );
  return writer;
}

/** Run ends and their kept results in one statement: one commit (a data-modifying WITH runs even when nothing reads it). */
async function writeEnds(sql: Sql, ends: RunEndWrite[]): Promise<void> {
  const records = ends.flatMap((e) => e.records);
  if (ends.length === 1) {
    const { runId, status, error } = ends[0];
    // Sent as text (typed: postgres.js would encode a string it sends as jsonb a second time).
    const errorJson = error === null ? null : sql.typed(jsonbText(error) as never, 25);
    const end = sql`update runs set status = ${status}, error = ${errorJson}::jsonb, finished_at = now(), owner = null where id = ${runId}`;
    if (records.length === 0) await end;
    else await sql`with ins as (${insertNodeRuns(sql, records)} returning 1) ${end}`;
    return;
  }
  const values = ends.map((e) => [e.runId, e.status, e.error === null ? null : jsonbText(e.error)]);
  const update = sql`
    update runs r set status = v.status, error = v.error::jsonb, finished_at = now(), owner = null
    from (values ${sql(values as never)}) as v (id, status, error) where r.id = v.id`;
  if (records.length === 0) await update;
  else await sql`with ins as (${insertNodeRuns(sql, records)} returning 1) ${update}`;
}

/**
 * Ends a run that cannot go on (an unexpected error outside any step) as failed, with a message
 * for the person looking at it: without this its job would be retried in the background while
 * the run showed "Waiting" until someone pressed Stop. Does nothing to a run already ended.
 */
export async function failRunThatCannotContinue(sql: Sql, runId: string, message: string): Promise<void> {
  const error: NodeError = { message, code: 'internal' };
  const rows = await sql`
    update runs set status = 'failed', error = ${error as never}, finished_at = now(), owner = null
    where id = ${runId} and status in ('queued', 'running') returning workflow_id`;
  if (rows.length === 0) return;
  const workflowId = z.string().nullable().parse(rows[0].workflow_id);
  await runEventSender(sql).send({ type: 'run', runId, workflowId, status: 'failed' });
}

export async function isCancelRequested(sql: Sql, runId: string): Promise<boolean> {
  const [row] = await sql`select cancel_requested from runs where id = ${runId}`;
  return row ? Boolean(row.cancel_requested) : true;
}

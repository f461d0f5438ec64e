/**
 * Runs as the API sees them: create (queued with its job in one transaction), read with node
 * results, list, cancel, and read large outputs page by page.
 */
import type { Sql, TransactionSql } from 'postgres';
import { z } from 'zod';
import type { Item } from '../../nodes/types';
import type { WorkflowDocument } from '../../core/document';
import { EVENTS_CHANNEL, parseRunEvent, type RunEvent } from '../../core/run-events';
import { groupWriter, type GroupWriter } from './group-commit';
import { announcerFor, onLocalEvents, watchKey } from './run-watch';
import { newId } from '../ids';
import { PAGE_ITEMS, stepWarningSchema, type LogEntry, type NodeError, type RunStatus, type StepWarning } from './run-store';

export const RUN_TASK = 'run-workflow';
/** A run job is retried this often when workers die or shut down under it. */
export const RUN_JOB_MAX_ATTEMPTS = 25;

export interface NewRun {
  workflowId: string | null;
  workflowVersion: number | null;
  document: WorkflowDocument;
  triggerKind: string;
  triggerNodeId?: string | null;
  triggerPayload?: unknown;
  startNodeId?: string | null;
  sourceRunId?: string | null;
}

/** Inserts the run and its job atomically: a run is never stored without being queued. */
export async function createRun(sql: Sql, input: NewRun): Promise<string> {
  return insertRun(sql, input);
}

/**
 * The run, its job and its "queued" event in ONE statement (atomic, one round trip: about
 * half the time of a three-statement transaction). Callable on a transaction the caller holds,
 * so a trigger's own writes commit with the run (a fire then starts exactly one run).
 */
export async function insertRun(tx: Sql | TransactionSql, input: NewRun): Promise<string> {
  const id = newId('run');
  const event: RunEvent = { type: 'run', runId: id, workflowId: input.workflowId, status: 'queued' };
  // Plain SELECT CTEs run only when referenced: the final select references both.
  await tx`
    with r as (
      insert into runs (id, workflow_id, workflow_version, document, trigger_kind, trigger_node_id,
                        trigger_payload, start_node_id, source_run_id)
      values (${id}, ${input.workflowId}, ${input.workflowVersion}, ${tx.json(input.document as never)},
              ${input.triggerKind}, ${input.triggerNodeId ?? null},
              ${input.triggerPayload === undefined ? null : tx.json(input.triggerPayload as never)},
              ${input.startNodeId ?? null}, ${input.sourceRunId ?? null})
      returning id),
    j as (
      select graphile_worker.add_job(${RUN_TASK}, json_build_object('runId', r.id),
                                     job_key => r.id, max_attempts => ${RUN_JOB_MAX_ATTEMPTS}) as job
      from r),
    n as (select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)}) as sent from r)
    select (select count(*) from j) as jobs, (select count(*) from n) as events`;
  return id;
}

/**
 * A run this process executes itself, without a queue job (server/worker/run-here.ts): stored
 * as running and owned by `owner` (the process's worker_heartbeats row), in one statement that
 * neither queues nor notifies (shared with concurrent inserts: group-commit.ts). If the owner dies, the dead-worker sweep queues it
 * (worker-heartbeats.ts). `startedAt` is the run's `$now` (set here, so the executor needs no read).
 */
export async function insertOwnedRun(sql: Sql, id: string, input: NewRun, owner: string, startedAt: Date): Promise<void> {
  await ownedRunWriter(sql).write({ id, input, owner, startedAt });
}

interface OwnedRunInsert {
  id: string;
  input: NewRun;
  owner: string;
  startedAt: Date;
}

const ownedRunWriters = new WeakMap<Sql, GroupWriter<OwnedRunInsert>>();

/** Inserts of concurrent owned runs share a statement and a commit (group-commit.ts). */
function ownedRunWriter(sql: Sql): GroupWriter<OwnedRunInsert> {
  let writer = ownedRunWriters.get(sql);
  if (!writer) {
    const row = ({ id, input, owner, startedAt }: OwnedRunInsert) => ({
      id,
      workflow_id: input.workflowId,
      workflow_version: input.workflowVersion,
      document: sql.json(input.document as never),
      trigger_kind: input.triggerKind,
      trigger_node_id: input.triggerNodeId ?? null,
      trigger_payload: input.triggerPayload === undefined ? null : sql.json(input.triggerPayload as never),
      start_node_id: input.startNodeId ?? null,
      source_run_id: input.sourceRunId ?? null,
      status: 'running',
      started_at: startedAt,
      owner,
    });
    const insertMany = (runs: OwnedRunInsert[]) => sql`insert into runs ${sql(runs.map(row))}`;
    // Alone, and again after a batch failed: a batch whose connection dropped after its COMMIT was
    // sent may be stored although it failed here, so the run's own row (same id, same owner) may
    // be there already, and that is success. A row of that id with another owner is still refused.
    const insertOne = async (run: OwnedRunInsert) => {
      const inserted = await sql`insert into runs ${sql(row(run))} on conflict (id) do nothing returning id`;
      if (inserted.length > 0) return;
      const [stored] = await sql`select owner from runs where id = ${run.id}`;
      if (stored?.owner !== run.owner) throw new Error(`A run with the id "${run.id}" is stored already.`);
    };
    ownedRunWriters.set(sql, (writer = groupWriter(insertMany, insertOne)));
  }
  return writer;
}

/**
 * Gives an owned run to the queue (its owner stops or hands it back): its job is added and the
 * owner cleared in one statement. Does nothing to a run that ended or has no owner.
 */
export async function queueOwnedRun(sql: Sql | TransactionSql, runId: string): Promise<void> {
  await sql`
    with r as (update runs set owner = null where id = ${runId} and owner is not null and status in ('queued', 'running') returning id)
    select graphile_worker.add_job(${RUN_TASK}, json_build_object('runId', r.id), job_key => r.id, max_attempts => ${RUN_JOB_MAX_ATTEMPTS})
    from r`;
}

const runSummarySchema = z.object({
  id: z.string(),
  workflow_id: z.string().nullable(),
  workflow_version: z.number().nullable(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  trigger_kind: z.string(),
  error: z.unknown(),
  created_at: z.date(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  warning_count: z.number().optional(),
});

export interface RunSummary {
  id: string;
  workflowId: string | null;
  workflowVersion: number | null;
  status: RunStatus;
  triggerKind: string;
  error: (NodeError & { nodeId?: string }) | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  /** Step warnings in the run ("finished with 1 warning"). */
  warningCount: number;
}

function toSummary(row: unknown): RunSummary {
  const r = runSummarySchema.parse(row);
  return {
    id: r.id,
    workflowId: r.workflow_id,
    workflowVersion: r.workflow_version,
    status: r.status,
    triggerKind: r.trigger_kind,
    error: (r.error as RunSummary['error']) ?? null,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.started_at && r.finished_at ? r.finished_at.getTime() - r.started_at.getTime() : null,
    warningCount: r.warning_count ?? 0,
  };
}

export async function listRuns(sql: Sql, workflowId: string, limit = 50, before?: Date): Promise<RunSummary[]> {
  const rows = await sql`
    select id, workflow_id, workflow_version, status, trigger_kind, error, created_at, started_at, finished_at,
           (select coalesce(sum(jsonb_array_length(n.warnings)), 0)::int from node_runs n where n.run_id = runs.id) as warning_count
    from runs where workflow_id = ${workflowId} ${before ? sql`and created_at < ${before}` : sql``}
    order by created_at desc nulls last limit ${limit}`;
  return rows.map(toSummary);
}

const nodeRunSchema = z.object({
  node_id: z.string(),
  attempt: z.number(),
  status: z.enum(['running', 'succeeded', 'failed', 'skipped', 'cancelled']),
  input_counts: z.record(z.string(), z.number()),
  output_counts: z.record(z.string(), z.number()),
  output_preview: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  output_paged: z.boolean(),
  logs: z.array(z.unknown()),
  error: z.unknown(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  duration_ms: z.number().nullable(),
  warnings: z.array(stepWarningSchema),
});

export interface NodeRunView {
  nodeId: string;
  attempt: number;
  status: 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  inputCounts: Record<string, number>;
  outputCounts: Record<string, number>;
  /** First items per output handle; `outputPaged` says whether more are stored. */
  outputPreview: Record<string, Item[]>;
  outputPaged: boolean;
  logs: LogEntry[];
  error: NodeError | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  /** The step worked, but its result may not be what was meant (a field no item has…). */
  warnings: StepWarning[];
}

export interface RunDetail extends RunSummary {
  document: WorkflowDocument;
  triggerPayload: unknown;
  /** Latest attempt per node. */
  nodes: Record<string, NodeRunView>;
  /** Every attempt, oldest first. */
  attempts: NodeRunView[];
}

export async function getRun(sql: Sql, runId: string): Promise<RunDetail | null> {
  const [run] = await sql`
    select id, workflow_id, workflow_version, status, trigger_kind, error, created_at, started_at, finished_at,
           document, trigger_payload
    from runs where id = ${runId}`;
  if (!run) return null;
  const rows = await sql`
    select node_id, attempt, status, input_counts, output_counts, output_preview, output_paged, logs, error,
           started_at, finished_at, duration_ms, warnings
    from node_runs where run_id = ${runId} order by id`;
  const attempts: NodeRunView[] = rows.map((row) => {
    const r = nodeRunSchema.parse(row);
    return {
      nodeId: r.node_id,
      attempt: r.attempt,
      status: r.status,
      inputCounts: r.input_counts,
      outputCounts: r.output_counts,
      outputPreview: r.output_preview,
      outputPaged: r.output_paged,
      logs: r.logs as LogEntry[],
      error: (r.error as NodeError | null) ?? null,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      durationMs: r.duration_ms,
      warnings: r.warnings,
    };
  });
  const nodes: Record<string, NodeRunView> = {};
  for (const a of attempts) {
    const prev = nodes[a.nodeId];
    if (!prev || a.attempt >= prev.attempt) nodes[a.nodeId] = a;
  }
  if (run.status === 'running') await addRunningSteps(sql, runId, nodes);
  const warningCount = Object.values(nodes).reduce((sum, node) => sum + node.warnings.length, 0);
  return {
    ...toSummary(run),
    warningCount,
    document: run.document as WorkflowDocument,
    triggerPayload: run.trigger_payload,
    nodes,
    attempts,
  };
}

/** Steps whose newest attempt started and has no result yet: shown running, not waiting. */
async function addRunningSteps(sql: Sql, runId: string, nodes: Record<string, NodeRunView>): Promise<void> {
  const starts = await sql`select node_id, attempt, started_at from node_starts where run_id = ${runId}`;
  for (const row of starts) {
    const start = nodeStartSchema.parse(row);
    if ((nodes[start.node_id]?.attempt ?? 0) >= start.attempt) continue;
    nodes[start.node_id] = {
      nodeId: start.node_id,
      attempt: start.attempt,
      status: 'running',
      inputCounts: {},
      outputCounts: {},
      outputPreview: {},
      outputPaged: false,
      logs: [],
      error: null,
      warnings: [],
      startedAt: start.started_at,
      finishedAt: null,
      durationMs: null,
    };
  }
}

const nodeStartSchema = z.object({ node_id: z.string(), attempt: z.number(), started_at: z.date() });

/**
 * A page of a node's output items, read from the stored pages (or the preview when small):
 * the inspector never loads a large output whole.
 */
export async function getOutputPage(
  sql: Sql,
  runId: string,
  nodeId: string,
  handle: string,
  offset: number,
  limit: number,
): Promise<{ items: Item[]; total: number } | null> {
  const [row] = await sql`
    select id, output_counts, output_preview, output_paged from node_runs
    where run_id = ${runId} and node_id = ${nodeId} order by attempt desc limit 1`;
  if (!row) return null;
  const total = Number((row.output_counts as Record<string, number>)[handle] ?? 0);
  if (!row.output_paged) {
    const items = ((row.output_preview as Record<string, Item[]>)[handle] ?? []).slice(offset, offset + limit);
    return { items, total };
  }
  const firstPage = Math.floor(offset / PAGE_ITEMS);
  const lastPage = Math.floor((offset + limit - 1) / PAGE_ITEMS);
  const pages = await sql`
    select page, items from node_output_pages
    where node_run_id = ${row.id} and handle = ${handle} and page between ${firstPage} and ${lastPage}
    order by page`;
  const items: Item[] = [];
  for (const page of pages) for (const item of page.items as Item[]) items.push(item);
  const start = offset - firstPage * PAGE_ITEMS;
  return { items: items.slice(start, start + limit), total };
}

/**
 * Asks a run to stop. A queued run is cancelled at once; a running one is aborted by its
 * worker, which stores the cancelled nodes and schedules nothing more.
 */
export async function cancelRun(sql: Sql, runId: string): Promise<RunStatus | null> {
  return sql.begin(async (tx) => {
    const [row] = await tx`select status, workflow_id, owner from runs where id = ${runId} for update`;
    if (!row) return null;
    const status = runStatusSchema.parse(row.status);
    if (status !== 'queued' && status !== 'running') return status;
    await tx`update runs set cancel_requested = true where id = ${runId}`;
    const cancel: RunEvent = { type: 'cancel', runId };
    await tx`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(cancel)})`;
    // Nobody is executing it when its job is not locked: queued, or waiting to be resumed after
    // a worker stopped. Then cancel at once instead of when a worker next picks it up.
    // A run its owner executes without a job is aborted by that process, like a locked job's.
    const [job] = row.owner ? [{ locked_at: true }] : await tx`select locked_at from graphile_worker._private_jobs where key = ${runId}`;
    if (status === 'queued' || !job?.locked_at) {
      await tx`update runs set status = 'cancelled', finished_at = now() where id = ${runId}`;
      await tx`select graphile_worker.remove_job(${runId})`;
      const event: RunEvent = { type: 'run', runId, workflowId: (row.workflow_id as string | null) ?? null, status: 'cancelled' };
      await tx`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
      return 'cancelled';
    }
    return status;
  });
}

const runStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

/** The run's status now, or null when there is no such run. */
export async function runStatus(sql: Sql, runId: string): Promise<RunStatus | null> {
  const [row] = await sql`select status from runs where id = ${runId}`;
  return row ? runStatusSchema.parse(row.status) : null;
}

/**
 * Resolves with the run's final status; listens for its event and checks the table meanwhile.
 * Its watch makes a process that executes the run quietly send the end through Postgres, and a
 * run executed quietly in this process delivers it on the process's bus (run-watch.ts).
 */
export async function waitForRun(sql: Sql, runId: string, timeoutMs = 0): Promise<RunStatus> {
  const final = new Set(['succeeded', 'failed', 'cancelled']);
  const check = () => runStatus(sql, runId);
  return new Promise<RunStatus>((resolve, reject) => {
    let done = false;
    let listener: { unlisten(): Promise<void> } | null = null;
    const watching = announcerFor(sql).watch([watchKey.run(runId)]);
    const finish = (status: RunStatus | null, err?: Error) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(timer);
      offLocal();
      watching.release();
      void listener?.unlisten().catch(() => {});
      if (err) reject(err);
      else if (status) resolve(status);
      else reject(new Error(`run ${runId} does not exist`));
    };
    const onEvent = (event: RunEvent | null) => {
      if (event?.type === 'run' && event.runId === runId && final.has(event.status)) finish(event.status);
    };
    const offLocal = onLocalEvents(sql, onEvent);
    const consider = async () => {
      const status = await check();
      if (status === null || final.has(status)) finish(status);
    };
    const poll = setInterval(() => void consider().catch((e: Error) => finish(null, e)), 1000);
    const timer =
      timeoutMs > 0
        ? setTimeout(() => finish(null, new Error(`run ${runId} did not finish within ${timeoutMs} ms`)), timeoutMs)
        : undefined;
    sql
      .listen(EVENTS_CHANNEL, (payload) => {
        if (!payload.includes(runId)) return; // most events are other runs': don't parse them
        onEvent(parseRunEvent(payload));
      })
      .then(async (l) => {
        listener = l;
        if (done) void l.unlisten().catch(() => {});
        await watching.ready;
        return consider();
      })
      .catch((e: Error) => finish(null, e));
  });
}

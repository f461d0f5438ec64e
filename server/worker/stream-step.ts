/**
 * Streamed steps. A step with `stream` (Load CSV/JSON, Filter, Rename, Fix types, Aggregate,
 * Sort, Save CSV/JSON) reads its input page by page, from the stored pages of the step before it (or
 * its list in memory when that one was small), and its output goes to the database page by page
 * as it is made (server/db/output-pages.ts). A chain of such steps over a million items then
 * holds only the pages in flight, where each step used to hold all of its items; the stored
 * output pages are the stream, so the inspector, a resume after a crash and "run from here"
 * read the same rows as before.
 *
 * An output small enough for one row (the preview) stays in memory and is stored the usual way.
 * Sort needs all its items but spills them to disk past a limit (nodes/lib/external-sort.ts).
 * Steps that need all their items at once (Join, Code…) get a streamed step's stored
 * output read back whole (`inputsWithStored`): correct, but bounded only by the data.
 *
 * When the step after a streamed one streams too, it can run beside it and get its pages in
 * memory as they are made, while they are stored as ever (stream-fuse.ts).
 */
import type { Sql } from 'postgres';
import type { HandleItems, Item, NodeContext, NodeDefinition, NodeResult, StreamContext } from '../../nodes/types';
import type { WorkflowDocument, WorkflowNode } from '../../core/document';
import type { Graph } from '../../core/graph';
import { outputCount, resolveInputs, type NodeState, type RunState, type StoredOutput } from '../../core/plan';
import { abortableSleep } from '../../nodes/lib/abort';
import { announceNodeRunning, PAGE_ITEMS, PREVIEW_BYTES, PREVIEW_ITEMS, type NodeError, type NodeRecord } from '../db/run-store';
import { openPagedResult, readAllOutputs, readOutputPages, type PagedResult } from '../db/output-pages';
import { executeAttempt, outputTooLargeMessage, RunAborted, type NodeEnvironment } from './execute-node';
import { usesExpressions } from './config-resolver';
import type { FusedSteps, Tee } from './stream-fuse';

/** Whether `node` runs streamed: it can, and nothing about it needs all its items in memory. */
export function streamsHere(def: NodeDefinition, node: WorkflowNode, doc: WorkflowDocument): boolean {
  return (
    def.stream !== undefined &&
    def.inputs.length === 1 &&
    def.inputs[0].id === 'main' &&
    // Stored as the run goes: a run that keeps its results until its end holds them anyway.
    doc.settings.durability === 'node' &&
    !node.pinnedOutput &&
    !node.disabled &&
    // Expressions may read $items (all of them); "continue" hands on all its input items.
    !usesExpressions(node) &&
    node.settings.onError === 'stop' &&
    (node.settings.onWarning ?? doc.settings.onWarning) !== 'fail'
  );
}

export interface StreamedStep {
  sql: Sql;
  /** For results of steps without side effects (asynchronous commit). */
  sqlAsync?: Sql;
  def: NodeDefinition;
  node: WorkflowNode;
  graph: Graph;
  state: RunState;
  env: NodeEnvironment;
  runId: string;
  attemptsBefore: number;
  /** The run loop's way to store a result that fits one row (and failed attempts). */
  store(record: NodeRecord, sync: boolean): Promise<void>;
  /** Writes results the run loop holds back, so no result is committed before those of the steps before it. */
  flushHeld(): Promise<void>;
  onStepEnd?(stepType: string, durationMs: number, ok: boolean): void;
  /** Where the step may start the one after it beside it (stream-fuse.ts); absent: never. */
  fused?: FusedSteps;
}

export interface StreamedOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  outputs: HandleItems;
  /** Set when the output went to pages: it is not in `outputs`. */
  stored?: StoredOutput;
  error: NodeError | null;
}

/** Same as `execute-run.ts` announces a slow step. */
export const ANNOUNCE_AFTER_MS = 25;

/** Runs a streamed step's attempts until one succeeds or retries run out; every attempt is stored. */
export async function runStreamed(step: StreamedStep): Promise<StreamedOutcome> {
  const { def, node, env, runId } = step;
  const sync = def.sideEffects === true;
  const count = mainInputCount(step.graph, step.state, node.id);
  const inputCounts: Record<string, number> = count > 0 ? { main: count } : {};
  const base = { runId, nodeId: node.id, inputCounts };
  const pages = inputPages(step.sql, step.graph, step.state, node.id);
  const maxAttempts = node.settings.retries + 1;
  for (let attempt = step.attemptsBefore + 1; ; attempt++) {
    const startedAt = new Date();
    const sink = outputSink(async (start) => {
      await step.flushHeld();
      return openPagedResult(sync ? step.sql : (step.sqlAsync ?? step.sql), { runId, nodeId: node.id, attempt, startedAt }, start);
    });
    const announce = setTimeout(
      () => void announceNodeRunning(step.sqlAsync ?? step.sql, runId, node.id, attempt).catch(() => {}),
      ANNOUNCE_AFTER_MS,
    );
    // Only a first attempt hands its pages on: a retry's successor reads them back once stored.
    const tee = attempt === step.attemptsBefore + 1 ? step.fused?.startAfter(node.id) : null;
    const result = await executeAttempt(def, node, {}, env, (ctx) => streamBody(def, node, ctx, pages, sink, env.outputLimitBytes, tee));
    clearTimeout(announce);
    // A successor fed by a failed attempt stops; it runs as usual, or not at all, when its turn comes.
    if (tee && !result.ok) await step.fused?.drop(tee.target);
    step.onStepEnd?.(node.type, result.durationMs, result.ok);
    const timing = { startedAt, finishedAt: result.finishedAt, durationMs: Math.round(result.durationMs * 1000) / 1000 };
    if (result.ok) {
      const end = { inputCounts: base.inputCounts, logs: result.logs, warnings: result.warnings, ...timing };
      const stored = await sink.commit(end);
      if (stored) return { status: 'succeeded', outputs: {}, stored, error: null };
      const record: NodeRecord = { ...base, attempt, status: 'succeeded', outputs: result.outputs, error: null, ...end };
      await step.store(record, sync);
      return { status: 'succeeded', outputs: result.outputs, error: null };
    }
    await sink.abandon();
    // The database failed under the pages, not the step: the run is handed back like any failed write.
    if (sink.writeError) throw sink.writeError;
    if (result.error?.code === 'interrupted') throw new RunAborted('shutdown');
    const error = result.error!;
    const failed = { ...base, attempt, outputs: {}, logs: result.logs, error, ...timing };
    if (error.code === 'cancelled') {
      await step.store({ ...failed, status: 'cancelled' }, sync);
      return { status: 'cancelled', outputs: {}, error };
    }
    await step.store({ ...failed, status: 'failed' }, sync);
    if (attempt >= maxAttempts) return { status: 'failed', outputs: {}, error };
    try {
      await abortableSleep(node.settings.retryBackoffMs * 2 ** (attempt - step.attemptsBefore - 1), env.runSignal);
    } catch (reason) {
      if (reason instanceof RunAborted && reason.why === 'shutdown') throw reason;
      return { status: 'cancelled', outputs: {}, error: { message: 'The run was cancelled.', code: 'cancelled' } };
    }
  }
}

/**
 * Runs the step's stream into `sink`, and the items of `tee.handle` also into `tee.queue` (a
 * successor running beside it). The output limit is checked on the pages as stored (their JSON,
 * made once): at most a page per handle past the limit is made before the step fails.
 */
export async function streamBody(
  def: NodeDefinition,
  node: WorkflowNode,
  ctx: NodeContext<unknown>,
  pages: () => AsyncIterable<Item[]>,
  sink: OutputSink,
  limitBytes: number | undefined,
  tee?: Tee | null,
): Promise<NodeResult> {
  // The ctx's own properties stay as they are (its signal is made on first use).
  const streamCtx: StreamContext<unknown> = Object.assign(Object.create(ctx) as NodeContext<unknown>, {
    pages: () => untilAborted(pages(), () => ctx.signal),
  });
  const overLimit = () => limitBytes !== undefined && sink.bytes() > limitBytes;
  try {
    for await (const chunk of def.stream!(streamCtx)) {
      await sink.add(chunk);
      if (overLimit()) throw new Error(outputTooLargeMessage(node, limitBytes!));
      const items = tee ? chunk[tee.handle] : undefined;
      if (items && items.length > 0) await tee!.queue.push(items);
    }
    sink.finish();
    if (overLimit()) throw new Error(outputTooLargeMessage(node, limitBytes!));
  } catch (error) {
    tee?.queue.fail(error);
    throw error;
  }
  tee?.queue.end();
  return { outputs: sink.inMemory() };
}

async function* untilAborted(pages: AsyncIterable<Item[]>, signal: () => AbortSignal): AsyncGenerator<Item[]> {
  for await (const page of pages) {
    signal().throwIfAborted();
    yield page;
  }
}

export interface OutputSink {
  add(outputs: HandleItems): Promise<void>;
  /** Bytes of the output so far as JSON: the items held in memory, or the pages made. */
  bytes(): number;
  /** No more items: the last pages are made (and counted). */
  finish(): void;
  /** The whole output while it fits one row; empty once it went to pages. */
  inMemory(): HandleItems;
  commit(end: Parameters<PagedResult['commit']>[0]): Promise<StoredOutput | null>;
  abandon(): Promise<void>;
  /** Set when writing pages failed. */
  readonly writeError: unknown;
}

/**
 * Holds the output in memory while it would fit one row (the same test as `recordNodeResult`:
 * at most PREVIEW_ITEMS items and PREVIEW_BYTES per handle), then opens a paged result and
 * writes everything to it from there on.
 */
export function outputSink(open: (start: HandleItems) => Promise<PagedResult>): OutputSink {
  let memory: HandleItems = {};
  const bytes = new Map<string, number>();
  let paged: PagedResult | null = null;
  const sink: OutputSink = {
    writeError: undefined,
    async add(outputs) {
      try {
        if (paged) return await paged.add(outputs);
        let fits = true;
        for (const [handle, items] of Object.entries(outputs)) {
          const list = (memory[handle] ??= []);
          for (const item of items) {
            list.push(item);
            if (list.length > PREVIEW_ITEMS) fits = false;
            else bytes.set(handle, (bytes.get(handle) ?? 0) + (JSON.stringify(item)?.length ?? 0));
          }
          if ((bytes.get(handle) ?? 0) > PREVIEW_BYTES) fits = false;
        }
        if (fits) return;
        const start = memory;
        memory = {};
        paged = await open(start);
      } catch (error) {
        Object.assign(sink, { writeError: error });
        throw error;
      }
    },
    bytes() {
      if (paged) return paged.bytes;
      let total = 0;
      for (const n of bytes.values()) total += n;
      return total;
    },
    finish: () => paged?.finish(),
    inMemory: () => memory,
    async commit(end) {
      if (!paged) return null;
      const { ref, counts } = await paged.commit(end);
      return { ref, counts };
    },
    abandon: async () => paged?.abandon(),
  };
  return sink;
}

function mainInputCount(graph: Graph, state: RunState, nodeId: string): number {
  let count = 0;
  for (const edge of graph.incoming.get(nodeId) ?? []) {
    const source = state.get(edge.source);
    if (edge.targetHandle === 'main' && source?.status === 'succeeded') count += outputCount(source, edge.sourceHandle);
  }
  return count;
}

/** The main input page by page, over the active connections in edge order (as `resolveInputs` joins them); each call starts again. */
function inputPages(sql: Sql, graph: Graph, state: RunState, nodeId: string): () => AsyncIterable<Item[]> {
  return async function* () {
    for (const edge of graph.incoming.get(nodeId) ?? []) {
      const source = state.get(edge.source);
      if (edge.targetHandle !== 'main' || source?.status !== 'succeeded' || outputCount(source, edge.sourceHandle) === 0) continue;
      if (source.stored) {
        yield* readOutputPages(sql, source.stored.ref, edge.sourceHandle);
        continue;
      }
      const items = source.outputs?.[edge.sourceHandle] ?? [];
      for (let i = 0; i < items.length; i += PAGE_ITEMS) yield items.slice(i, i + PAGE_ITEMS);
    }
  };
}

/** A step's inputs (`resolveInputs`), with the stored outputs of streamed steps read back whole: for steps that need all their items. */
export async function inputsWithStored(sql: Sql, graph: Graph, state: RunState, nodeId: string): Promise<HandleItems> {
  const incoming = graph.incoming.get(nodeId) ?? [];
  if (!incoming.some((edge) => state.get(edge.source)?.stored)) return resolveInputs(graph, state, nodeId);
  const view = new Map<string, NodeState>(state);
  for (const edge of incoming) {
    const source = view.get(edge.source);
    if (!source?.stored) continue;
    const handles = incoming.filter((e) => e.source === edge.source).map((e) => e.sourceHandle);
    view.set(edge.source, { status: source.status, outputs: await readAllOutputs(sql, source.stored.ref, [...new Set(handles)]) });
  }
  return resolveInputs(graph, view, nodeId);
}

/**
 * `$node[…]` in a step's expressions reads outputs from memory: a streamed step's stored output
 * is read back (whole, once) before a step whose settings mention `$node` runs.
 */
export async function upstreamWithStored(sql: Sql, state: RunState, upstream: Map<string, HandleItems>, node: WorkflowNode): Promise<void> {
  if (!usesExpressions(node) || !JSON.stringify(node.config).includes('$node')) return;
  for (const [id, s] of state) {
    if (s.status === 'succeeded' && s.stored && !upstream.has(id)) {
      upstream.set(id, await readAllOutputs(sql, s.stored.ref, Object.keys(s.stored.counts)));
    }
  }
}

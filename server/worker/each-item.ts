/**
 * Runs a chain of steps once per incoming item (core/each-item.ts: Browser: open page set to
 * "for each item" and the Browser steps after it). Each item gets its own page, a tab of the
 * run's browser, goes through every step of the chain, and its result is stored at once
 * (server/db/item-results.ts): a run resumed after a crash opens only the items not stored.
 * What each step of the chain made for all items is then stored as that step's result.
 */
import type { Page } from 'playwright-core';
import type { Sql } from 'postgres';
import type { WorkflowNode } from '../../core/document';
import { eachItemChain, eachItemRules } from '../../core/each-item';
import type { Graph } from '../../core/graph';
import { abortableSleep } from '../../nodes/lib/abort';
import type { BrowserAccess } from '../../nodes/lib/browser-types';
import type { HandleItems, Item, NodeDefinition } from '../../nodes/types';
import { loadItemResults, saveItemResult, type ItemResult } from '../db/item-results';
import { announceNodeRunning, type LogEntry, type NodeError, type NodeRecord, type StepWarning } from '../db/run-store';
import { executeAttempt, RunAborted, type NodeEnvironment } from './execute-node';

export interface ChainStep {
  node: WorkflowNode;
  def: NodeDefinition;
}

export interface EachItemChain {
  steps: ChainStep[];
  atOnce: number;
}

/** The chain starting at `nodeId` when its step is set to run for each item, else null. */
export function chainAt(graph: Graph, defs: ReadonlyMap<string, NodeDefinition>, nodeId: string): EachItemChain | null {
  const head = defs.get(nodeId);
  const settings = head?.eachItem?.(graph.nodes.get(nodeId)!.config) ?? null;
  if (!head || !settings) return null;
  const ids = eachItemChain(
    graph,
    nodeId,
    eachItemRules(graph, (id) => defs.get(id)),
  );
  if (!ids) return null;
  return { steps: ids.map((id) => ({ node: graph.nodes.get(id)!, def: defs.get(id)! })), atOnce: settings.atOnce };
}

/** What one step of the chain gets stored: every item's output, in item order. */
export interface ChainStepOutcome {
  nodeId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  inputCount: number;
  outputs: HandleItems;
  logs: LogEntry[];
  warnings: StepWarning[];
  error: NodeError | null;
}

type ItemEnd =
  | { kind: 'done'; result: ItemResult }
  | { kind: 'failed'; step: number; error: NodeError; result: ItemResult }
  | { kind: 'cancelled' };

const MAX_LOG_ENTRIES = 1000;
const MAX_WARNINGS = 20;

/**
 * Runs the chain for every item not stored yet, `atOnce` at a time, and returns each step's
 * outcome (steps after one that failed are left out: they did not run). Throws RunAborted when
 * the worker shuts down; the items done so far are stored and not run again.
 */
export async function runChain(
  sql: Sql,
  runId: string,
  chain: EachItemChain,
  items: Item[],
  env: NodeEnvironment,
): Promise<ChainStepOutcome[]> {
  const head = chain.steps[0].node;
  const stored = await loadItemResults(sql, runId, head.id);
  const results = new Map(stored);
  const todo = items.map((_, i) => i).filter((i) => !stored.has(i));
  let next = 0;
  let halted = false;
  // Set inside the lanes (the cast keeps TypeScript from taking the initial null as final).
  let failure = null as { index: number; end: Extract<ItemEnd, { kind: 'failed' }> } | null;
  let cancelled = false as boolean;
  const lane = async () => {
    while (!halted && next < todo.length) {
      const index = todo[next++];
      const end = await runItem(chain, index, items[index], env);
      if (end.kind === 'done') {
        await saveItemResult(sql, runId, head.id, index, end.result);
        results.set(index, end.result);
        continue;
      }
      // Items already running finish (and are stored); no new one starts.
      halted = true;
      if (end.kind === 'cancelled') cancelled = true;
      else if (!failure || index < failure.index) failure = { index, end };
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(chain.atOnce, todo.length)) }, lane));
  const thrown = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (thrown) throw thrown.reason;
  if (cancelled)
    return [
      { ...emptyOutcome(head.id, items.length), status: 'cancelled', error: { code: 'cancelled', message: 'The run was cancelled.' } },
    ];

  const done = [...results.entries()].sort(([a], [b]) => a - b);
  const summary = `Opened ${items.length} item${items.length === 1 ? '' : 's'}' pages, ${chain.atOnce} at a time${stored.size ? `; ${stored.size} were done before the run was resumed and not opened again` : ''}.`;
  const outcomes: ChainStepOutcome[] = [];
  for (const [k, { node }] of chain.steps.entries()) {
    const outcome = gather(node.id, done, k === 0 ? items.length : undefined);
    if (k === 0) outcome.logs.unshift(logLine(summary));
    if (failure && failure.end.step === k) {
      const { index, end } = failure;
      outcome.logs.push(...(end.result.logs[node.id] ?? []).map((l) => ({ ...l, message: `Item ${index + 1}: ${l.message}` })));
      outcomes.push({ ...outcome, status: 'failed', outputs: {}, error: end.error });
      break;
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/** One step's outputs, logs and warnings over the items done, in item order. */
function gather(nodeId: string, done: Array<[number, ItemResult]>, inputCount?: number): ChainStepOutcome {
  const outputs: HandleItems = {};
  const logs: LogEntry[] = [];
  const warnings: StepWarning[] = [];
  let reached = 0;
  for (const [index, result] of done) {
    const out = result.outputs[nodeId];
    if (!out) continue;
    reached++;
    for (const [handle, list] of Object.entries(out)) (outputs[handle] ??= []).push(...list);
    for (const l of result.logs[nodeId] ?? [])
      if (logs.length < MAX_LOG_ENTRIES) logs.push({ ...l, message: `Item ${index + 1}: ${l.message}` });
    for (const w of result.warnings[nodeId] ?? [])
      if (warnings.length < MAX_WARNINGS) warnings.push({ message: `Item ${index + 1}: ${w.message}` });
  }
  if (!outputs.main) outputs.main = [];
  return { nodeId, status: 'succeeded', inputCount: inputCount ?? reached, outputs, logs, warnings, error: null };
}

function emptyOutcome(nodeId: string, inputCount: number): ChainStepOutcome {
  return { nodeId, status: 'succeeded', inputCount, outputs: {}, logs: [], warnings: [], error: null };
}

function logLine(message: string): LogEntry {
  return { level: 'info', message, at: new Date().toISOString() };
}

/** One item through every step of the chain, on a page of its own that is closed after. */
async function runItem(chain: EachItemChain, index: number, item: Item, env: NodeEnvironment): Promise<ItemEnd> {
  const page = env.browser ? itemPage(env.browser) : null;
  const itemEnv: NodeEnvironment = { ...env, browser: page ?? undefined };
  const result: ItemResult = { outputs: {}, logs: {}, warnings: {} };
  let current: Item[] = [item];
  // After a step failed with "On error: continue", the item passes the rest of the chain as it is.
  let passing = false;
  try {
    for (const [k, { node, def }] of chain.steps.entries()) {
      if (passing || current.length === 0) {
        if (current.length) result.outputs[node.id] = { main: current };
        continue;
      }
      const attempt = await withRetries(node, def, { main: current }, itemEnv);
      result.logs[node.id] = attempt.logs;
      if (attempt.warnings.length) result.warnings[node.id] = attempt.warnings;
      if (attempt.ok) {
        result.outputs[node.id] = attempt.outputs;
        current = attempt.outputs.main ?? [];
        continue;
      }
      const error = attempt.error!;
      if (error.code === 'interrupted') throw new RunAborted('shutdown');
      if (error.code === 'cancelled') return { kind: 'cancelled' };
      if (node.settings.onError === 'stop') {
        return { kind: 'failed', step: k, error: { ...error, message: `Item ${index + 1}: ${error.message}` }, result };
      }
      const withError = current.map((it) => ({ ...it, error: error.message }));
      result.outputs[node.id] = node.settings.onError === 'continue' ? { main: withError } : { main: [], error: withError };
      current = node.settings.onError === 'continue' ? withError : [];
      passing = true;
    }
    return { kind: 'done', result };
  } finally {
    await page?.close();
  }
}

/** Attempts of one step for one item, as many as its retries allow. */
async function withRetries(node: WorkflowNode, def: NodeDefinition, inputs: HandleItems, env: NodeEnvironment) {
  for (let attempt = 1; ; attempt++) {
    const result = await executeAttempt(def, node, inputs, env);
    const code = result.error?.code;
    if (result.ok || attempt > node.settings.retries || code === 'interrupted' || code === 'cancelled') return result;
    try {
      await abortableSleep(node.settings.retryBackoffMs * 2 ** (attempt - 1), env.runSignal);
    } catch (reason) {
      if (reason instanceof RunAborted && reason.why === 'shutdown') throw reason;
      return { ...result, error: { code: 'cancelled' as const, message: 'The run was cancelled.' } };
    }
  }
}

/**
 * The browser one item's steps see: the run's browser (opened, or reused, by Open page), with a
 * page of the item's own, so items running at once do not step on each other's page.
 */
function itemPage(run: BrowserAccess): BrowserAccess & { close(): Promise<void> } {
  let page: Page | null = null;
  return {
    async open(request) {
      if (page && !page.isClosed()) return { ...(await run.open(request)), page };
      const opened = run.openTab ? await run.openTab(request) : await run.open(request);
      page = run.openTab ? opened.page : await opened.page.context().newPage();
      return { ...opened, page };
    },
    current: () => (page && !page.isClosed() ? page : null),
    close: async () => {
      await page?.close().catch(() => {});
      page = null;
    },
  };
}

type Store = (record: NodeRecord, sync: boolean) => Promise<void>;

/**
 * Runs the chain inside a run and stores each step's result as the run loop stores any step's
 * (with a synchronous commit: Browser steps have side effects). Returns the stored outcomes.
 */
export async function runChainInRun(
  run: { sql: Sql; sqlAsync: Sql; runId: string; store: Store; attemptsMade: ReadonlyMap<string, number> },
  chain: EachItemChain,
  items: Item[],
  env: NodeEnvironment,
  failsOnWarning: (node: WorkflowNode) => boolean,
): Promise<ChainStepOutcome[]> {
  const attemptOf = (id: string) => (run.attemptsMade.get(id) ?? 0) + 1;
  for (const { node } of chain.steps) void announceNodeRunning(run.sqlAsync, run.runId, node.id, attemptOf(node.id)).catch(() => {});
  const startedAt = new Date();
  const t0 = performance.now();
  const outcomes = await runChain(run.sql, run.runId, chain, items, env);
  const finishedAt = new Date();
  const durationMs = Math.round((performance.now() - t0) * 1000) / 1000;
  for (const [k, outcome] of outcomes.entries()) {
    const node = chain.steps[k].node;
    if (outcome.status === 'succeeded' && outcome.warnings.length && failsOnWarning(node)) {
      outcome.status = 'failed';
      outcome.outputs = {};
      outcome.error = {
        code: 'warning',
        message: `Stopped on a warning (this workflow fails on warnings): ${outcome.warnings[0].message}`,
      };
      outcomes.length = k + 1;
    }
    const { nodeId, status, outputs, logs, warnings, error, inputCount } = outcome;
    const record = { runId: run.runId, nodeId, attempt: attemptOf(nodeId), status, inputCounts: { main: inputCount } };
    await run.store({ ...record, outputs, logs, warnings, error, startedAt, finishedAt, durationMs }, true);
  }
  return outcomes;
}

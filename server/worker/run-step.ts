/**
 * One step of a run, from its first attempt to its outcome: retries with backoff, the step's
 * on-error and on-warning settings, pinned and turned-off steps. Every attempt's result goes to
 * the run's result sink (result-sink.ts) before the outcome is returned, so nothing after the
 * step starts before its result is stored (or safely held).
 */
import type { Sql } from 'postgres';
import type { HandleItems, Item, NodeDefinition } from '../../nodes/types';
import type { WorkflowDocument, WorkflowNode } from '../../core/document';
import { abortableSleep } from '../../nodes/lib/abort';
import { announceNodeRunning, type NodeError, type NodeRecord, type StepWarning } from '../db/run-store';
import { executeAttempt, RunAborted, type AttemptResult, type NodeEnvironment } from './execute-node';
import { whenStillRunning } from './slow-steps';

/** A node announces "running" only when it takes longer than this: fast nodes cost no extra write. */
const ANNOUNCE_AFTER_MS = 25;

export interface StepOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  outputs: HandleItems;
  error: NodeError | null;
}

export interface StepContext {
  runId: string;
  /** Where "running" is announced (asynchronous commit: live state only). */
  sql: Sql;
  env: NodeEnvironment;
  store(record: NodeRecord, sync: boolean): Promise<void>;
  onStepEnd?(stepType: string, durationMs: number, ok: boolean): void;
}

/** What every record of one attempt but its outcome carries. */
type Stored = Omit<NodeRecord, 'status' | 'outputs' | 'error' | 'warnings'>;

/** Runs attempts until one succeeds or retries run out; every attempt is stored. */
export async function runStep(
  ctx: StepContext,
  def: NodeDefinition,
  node: WorkflowNode,
  inputs: HandleItems,
  attemptsBefore: number,
  failOnWarning: boolean,
): Promise<StepOutcome> {
  const sync = def.sideEffects === true;
  const inputCounts: Record<string, number> = {};
  for (const handle in inputs) inputCounts[handle] = inputs[handle].length;
  const store = (record: NodeRecord) => ctx.store(record, sync);
  if (node.pinnedOutput || node.disabled) return passThrough(ctx.runId, node, inputs, inputCounts, attemptsBefore + 1, store);

  const maxAttempts = node.settings.retries + 1;
  for (let attempt = attemptsBefore + 1; ; attempt++) {
    const result = await attemptOnce(ctx, def, node, inputs, attempt);
    if (result.error?.code === 'interrupted') throw new RunAborted('shutdown'); // not stored: the node runs again on resume
    const cancelled = result.error?.code === 'cancelled';
    const stored: Stored = {
      runId: ctx.runId,
      nodeId: node.id,
      inputCounts,
      attempt,
      logs: result.logs,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      durationMs: Math.round(result.durationMs * 1000) / 1000,
    };
    if (result.ok) return succeed(stored, result, failOnWarning, store);
    if (cancelled || attempt >= maxAttempts) return giveUp(stored, node, inputs, result.error!, cancelled, store);
    await store({ ...stored, status: 'failed', outputs: {}, error: result.error });
    const backoff = node.settings.retryBackoffMs * 2 ** (attempt - attemptsBefore - 1);
    try {
      await abortableSleep(backoff, ctx.env.runSignal);
    } catch (reason) {
      if (reason instanceof RunAborted && reason.why === 'shutdown') throw reason;
      return { status: 'cancelled', outputs: {}, error: { message: 'The run was cancelled.', code: 'cancelled' } };
    }
  }
}

/** One attempt; a slow one announces itself as running. */
async function attemptOnce(ctx: StepContext, def: NodeDefinition, node: WorkflowNode, inputs: HandleItems, attempt: number) {
  const settled = whenStillRunning(ANNOUNCE_AFTER_MS, () => void announceNodeRunning(ctx.sql, ctx.runId, node.id, attempt).catch(() => {}));
  const result = await executeAttempt(def, node, inputs, ctx.env);
  settled();
  ctx.onStepEnd?.(node.type, result.durationMs, result.ok);
  return result;
}

/** A pinned step hands on its pinned output, a turned-off one its input; neither runs. */
async function passThrough(
  runId: string,
  node: WorkflowNode,
  inputs: HandleItems,
  inputCounts: Record<string, number>,
  attempt: number,
  store: (record: NodeRecord) => Promise<void>,
): Promise<StepOutcome> {
  // A copy: the document (pinned data included) is shared by the runs of this process.
  const outputs = node.pinnedOutput ? structuredClone(node.pinnedOutput) : { main: inputs.main ?? [] };
  const message = node.pinnedOutput ? 'Used the pinned output; the step did not run.' : 'The step is turned off: items passed through.';
  const now = new Date();
  const logs = [{ level: 'info' as const, message, at: now.toISOString() }];
  await store({ runId, nodeId: node.id, inputCounts, attempt, status: 'succeeded', outputs, logs, error: null, ...instant(now) });
  return { status: 'succeeded', outputs, error: null };
}

/** A successful attempt; with "fail on warning", a warning fails it (not retried: the same items warn again). */
async function succeed(
  stored: Stored,
  result: AttemptResult,
  failOnWarning: boolean,
  store: (record: NodeRecord) => Promise<void>,
): Promise<StepOutcome> {
  const warnings = result.warnings;
  if (failOnWarning && warnings.length > 0) {
    const error = warningFailure(warnings[0]);
    await store({ ...stored, status: 'failed', outputs: {}, warnings, error });
    return { status: 'failed', outputs: {}, error };
  }
  await store({ ...stored, status: 'succeeded', outputs: result.outputs, warnings, error: null });
  return { status: 'succeeded', outputs: result.outputs, error: null };
}

/** Out of attempts (or cancelled): the step's on-error setting decides what happens next. */
async function giveUp(
  stored: Stored,
  node: WorkflowNode,
  inputs: HandleItems,
  error: NodeError,
  cancelled: boolean,
  store: (record: NodeRecord) => Promise<void>,
): Promise<StepOutcome> {
  if (cancelled) {
    await store({ ...stored, status: 'cancelled', outputs: {}, error });
    return { status: 'cancelled', outputs: {}, error };
  }
  const onError = node.settings.onError;
  if (onError === 'stop') {
    await store({ ...stored, status: 'failed', outputs: {}, error });
    return { status: 'failed', outputs: {}, error };
  }
  const withError = withErrorField(inputs.main ?? Object.values(inputs)[0] ?? [{}], error);
  const outputs: HandleItems = onError === 'continue' ? { main: withError } : { error: withError };
  await store({ ...stored, status: 'succeeded', outputs, error });
  return { status: 'succeeded', outputs, error: null };
}

function instant(now: Date) {
  return { startedAt: now, finishedAt: now, durationMs: 0 };
}

function withErrorField(items: Item[], error: NodeError): Item[] {
  return (items.length ? items : [{}]).map((item) => ({ ...item, error: error.message }));
}

/** A step's own choice, else the workflow's (Workflow settings → "When a step warns"). */
export function failsOnWarning(doc: WorkflowDocument, node: WorkflowNode | undefined): boolean {
  return (node?.settings.onWarning ?? doc.settings.onWarning) === 'fail';
}

export function warningFailure(warning: StepWarning): NodeError {
  return { code: 'warning', message: `Stopped on a warning (this workflow fails on warnings): ${warning.message}` };
}

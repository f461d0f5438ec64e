/**
 * The loop of one run: asks the scheduler (core/scheduler.ts) what to start and what to skip,
 * runs the steps (independent branches in parallel), records skips, and hands each step's end
 * back to the scheduler. The decisions are the scheduler's; this file only does the I/O.
 */
import type { Sql } from 'postgres';
import type { HandleItems, NodeDefinition } from '../../nodes/types';
import type { WorkflowDocument } from '../../core/document';
import type { Graph } from '../../core/graph';
import type { NodeState, StoredOutput } from '../../core/plan';
import { createScheduler, type Scheduler } from '../../core/scheduler';
import { skippedSideEffectWarning } from '../../core/skip-reasons';
import type { NodeError, StepWarning } from '../db/run-store';
import { chainAt, runChainInRun, type EachItemChain } from './each-item';
import type { ResultSink } from './result-sink';
import { failsOnWarning, runStep, warningFailure, type StepContext, type StepOutcome } from './run-step';
import { inputsWithStored, runStreamed, streamsHere, upstreamWithStored } from './stream-step';
import { FusedSteps, fusableSuccessor } from './stream-fuse';

/** Parallel nodes per run; more would only compete for the same two cores. */
const MAX_PARALLEL_NODES = 8;

export type RunFailure = NodeError & { nodeId: string };

export interface LoopParts {
  doc: WorkflowDocument;
  graph: Graph;
  defs: ReadonlyMap<string, NodeDefinition>;
  startNodeId: string;
  /** Every node's state; the loop updates it as nodes start, settle or are skipped. */
  state: Map<string, NodeState>;
  /** Outputs of succeeded nodes (what expressions read); the loop adds each new success. */
  upstream: Map<string, HandleItems>;
  /** The synchronous-commit pool (results of each-item chains). */
  sql: Sql;
  /** Attempts stored before (a resumed run): retries continue from there. */
  attemptsMade: ReadonlyMap<string, number>;
  sink: ResultSink;
  /** The run's steps' context, but where results go (the sink, through the scheduler). */
  step: Omit<StepContext, 'store'>;
  /** The run's own signal (cancel, shutdown). */
  signal: AbortSignal;
  /** Ctrl-C's first phase: no new step starts. */
  drainSignal?: AbortSignal;
  /** Stops every step of the run (a write failed). */
  abort(): void;
}

export interface LoopEnd {
  /** The first step that failed the run, if any. */
  failure: RunFailure | null;
  /** Every node settled (false: stopped early by cancel, shutdown or drain). */
  finished: boolean;
}

/** Runs nodes until the run is finished, failed, cancelled or drained. */
export async function runNodes(parts: LoopParts): Promise<LoopEnd> {
  const { graph, state, defs } = parts;
  const isTrigger = (id: string) => defs.get(id)?.category === 'trigger';
  const scheduler = createScheduler(graph, state, { startNodeId: parts.startNodeId, isTrigger, maxParallel: MAX_PARALLEL_NODES });
  const step: StepContext = { ...parts.step, store: (record, sync) => parts.sink.store(record, sync, scheduler.isLast(record.nodeId)) };
  const end: LoopEnd = { failure: null, finished: false };
  const inFlight = new Map<string, Promise<void>>();
  const { fused, streamedStep } = fusedSteps(parts, step, isTrigger);

  const runOne = async (id: string): Promise<void> => {
    const chain = chainAt(graph, defs, id);
    if (chain) return runEachItem(parts, step, scheduler, end, chain);
    const node = graph.nodes.get(id)!;
    const def = defs.get(id)!;
    const attemptsBefore = parts.attemptsMade.get(id) ?? 0;
    let outcome: StepOutcome & { stored?: StoredOutput };
    if (streamsHere(def, node, parts.doc)) {
      // Page by page, its output stored as it comes (stream-step.ts); started ahead when fused.
      outcome = (await fused.take(id)) ?? (await runStreamed({ ...streamedStep(id), fused }));
    } else {
      const inputs = await inputsWithStored(parts.sql, graph, state, id);
      await upstreamWithStored(parts.sql, state, parts.upstream, node);
      outcome = await runStep(step, def, node, inputs, attemptsBefore, failsOnWarning(parts.doc, node));
    }
    if (outcome.status === 'succeeded' && !outcome.stored) parts.upstream.set(id, outcome.outputs);
    else if (outcome.status === 'failed') end.failure ??= { ...outcome.error!, nodeId: id };
    const settled: NodeState = outcome.stored
      ? { status: outcome.status, stored: outcome.stored }
      : { status: outcome.status, outputs: outcome.outputs };
    state.set(id, settled);
    scheduler.settle(id, settled);
  };

  try {
    for (;;) {
      if (!end.failure && !parts.signal.aborted && !parts.drainSignal?.aborted) {
        const skipped = scheduler.takeSkipped();
        for (const id of skipped) await fused.drop(id);
        if (skipped.length) {
          // Not `end.failure ??= await …`: a step may fail while the skips are written, and its failure comes first.
          const skipFailure = await recordSkips(parts, skipped);
          end.failure ??= skipFailure;
        }
        for (const id of scheduler.takeStartable()) {
          state.set(id, { status: 'running' });
          inFlight.set(
            id,
            runOne(id).finally(() => inFlight.delete(id)),
          );
        }
        if (inFlight.size === 0 && scheduler.finished()) break;
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
    }
  } catch (error) {
    // A write failed (the database went away): stop the other branches before handing the
    // run back, or they would still be running when it resumes and runs them again.
    parts.abort();
    await Promise.allSettled(inFlight.values());
    throw error;
  } finally {
    // Steps started ahead whose turn never came (the run failed or stopped): rolled back.
    await fused.dropAll();
  }
  end.finished = scheduler.finished();
  return end;
}

/** How a streamed step is run here, and its successors that may run beside it (stream-fuse.ts). */
function fusedSteps(parts: LoopParts, step: StepContext, isTrigger: (id: string) => boolean) {
  const { graph, state, defs } = parts;
  const streamedStep = (id: string) => {
    const [node, def, attemptsBefore] = [graph.nodes.get(id)!, defs.get(id)!, parts.attemptsMade.get(id) ?? 0];
    return { ...step, sqlAsync: step.sql, sql: parts.sql, def, node, graph, state, attemptsBefore, flushHeld: () => parts.sink.flush() };
  };
  // A streamed step's successor that streams too may run beside it, fed from memory (stream-fuse.ts).
  const fused: FusedSteps = new FusedSteps((id) => {
    const next = fusableSuccessor(graph, state, id, (t) => {
      const def = defs.get(t);
      return (
        !!def && def.sideEffects !== true && !isTrigger(t) && !chainAt(graph, defs, t) && streamsHere(def, graph.nodes.get(t)!, parts.doc)
      );
    });
    return next && { handle: next.handle, step: streamedStep(next.target) };
  });
  return { fused, streamedStep };
}

/** A step set to run for each item, with the steps after it on its page (server/worker/each-item.ts). */
async function runEachItem(parts: LoopParts, step: StepContext, scheduler: Scheduler, end: LoopEnd, chain: EachItemChain): Promise<void> {
  const { graph, state } = parts;
  const items = (await inputsWithStored(parts.sql, graph, state, chain.steps[0].node.id)).main ?? [];
  // `$node[…]` in a chain step's fields may name a step whose output was stored in pages.
  for (const { node } of chain.steps) await upstreamWithStored(parts.sql, state, parts.upstream, node);
  const shell = { sql: parts.sql, sqlAsync: step.sql, runId: step.runId, store: step.store, attemptsMade: parts.attemptsMade };
  const outcomes = await runChainInRun(shell, chain, items, step.env, (n) => failsOnWarning(parts.doc, n));
  const settled = outcomes.map((o) => [o.nodeId, { status: o.status, outputs: o.outputs }] as const);
  for (const o of outcomes) {
    if (o.status === 'succeeded') parts.upstream.set(o.nodeId, o.outputs);
    else if (o.status === 'failed') end.failure ??= { ...o.error!, nodeId: o.nodeId };
  }
  for (const [nodeId, s] of settled) state.set(nodeId, s);
  scheduler.settle(chain.steps[0].node.id, settled[0][1], settled.slice(1));
}

/** Stores skipped nodes; returns the failure when one of them warns and its workflow fails on warnings. */
async function recordSkips(parts: LoopParts, skipped: string[]): Promise<RunFailure | null> {
  for (const id of skipped) parts.state.set(id, { status: 'skipped' });
  const warnings = skipWarnings(parts.graph, parts.state, skipped, parts.defs);
  await parts.sink.skip(skipped, warnings);
  const failing = [...warnings].find(([id]) => failsOnWarning(parts.doc, parts.graph.nodes.get(id)));
  return failing ? { ...warningFailure(failing[1][0]), nodeId: failing[0] } : null;
}

/** Warnings for skipped steps with side effects whose input came out empty (core/skip-reasons.ts). */
function skipWarnings(
  graph: Graph,
  state: ReadonlyMap<string, NodeState>,
  skipped: string[],
  defs: ReadonlyMap<string, NodeDefinition>,
): Map<string, StepWarning[]> {
  const warnings = new Map<string, StepWarning[]>();
  for (const id of skipped) {
    if (defs.get(id)?.sideEffects !== true) continue;
    const message = skippedSideEffectWarning(graph, state, id);
    if (message) warnings.set(id, [{ message }]);
  }
  return warnings;
}

/**
 * Fused hand-off between streamed steps. When a streamed step's only successor on an edge is a
 * streamed step without side effects that takes nothing else, the successor starts beside it
 * ("ahead" of its turn) and reads its pages from memory, as they are made, instead of reading
 * them back from Postgres and parsing them once stored. Both still store their output exactly as
 * unfused: each step's pages go into its own transaction (server/db/output-pages.ts).
 *
 * Durability is unchanged. A step started ahead commits only when its turn comes: the run loop
 * reaches it after its predecessor's result was committed and the scheduler started it (so a
 * crash leaves, per step, its whole output or nothing, and never a successor without its
 * predecessor). When its turn does not come (the predecessor failed or put nothing out on that
 * handle, the run stopped), its transaction is rolled back. An attempt ahead that failed is
 * forgotten and the step runs as usual from the stored pages when its turn comes, so failures,
 * retries and their stored attempts are those of an unfused run. `TASKMASTER_STREAM_FUSE=off`
 * turns the hand-off off (A/B runs, tests of the unfused path).
 */
import type { Item } from '../../nodes/types';
import type { Graph } from '../../core/graph';
import type { RunState } from '../../core/plan';
import { announceNodeRunning, type NodeRecord } from '../db/run-store';
import { openPagedResult } from '../db/output-pages';
import { executeAttempt } from './execute-node';
import { ANNOUNCE_AFTER_MS, outputSink, streamBody, type StreamedOutcome, type StreamedStep } from './stream-step';

/** Pages waiting between two fused steps; the step before waits when its successor is this far behind. */
const QUEUE_PAGES = 4;

/**
 * Pages from one step to the next, in order, with back-pressure. Read once. When the reader
 * stops early (it failed), further pages are dropped, so the writer never waits for it.
 */
export class PageQueue {
  private pages: Item[][] = [];
  private ended = false;
  private failure: { error: unknown } | null = null;
  private gone = false;
  private read = false;
  private wakeReader: (() => void) | null = null;
  private wakeWriter: (() => void) | null = null;
  /** Items pushed so far: the reader's input count. */
  count = 0;

  constructor(private readonly size = QUEUE_PAGES) {}

  async push(items: Item[]): Promise<void> {
    if (this.gone) return;
    this.pages.push(items);
    this.count += items.length;
    this.wake('reader');
    while (this.pages.length >= this.size && !this.gone) await new Promise<void>((resolve) => (this.wakeWriter = resolve));
  }

  end(): void {
    this.ended = true;
    this.wake('reader');
  }

  fail(error: unknown): void {
    this.failure ??= { error };
    this.wake('reader');
  }

  async *pagesOnce(): AsyncGenerator<Item[]> {
    if (this.read) throw new Error('The pages of a fused step can be read once.');
    this.read = true;
    try {
      for (;;) {
        const page = this.pages.shift();
        if (page) {
          this.wake('writer');
          yield page;
        } else if (this.failure) throw new Error('The step before this one stopped.', { cause: this.failure.error });
        else if (this.ended) return;
        else await new Promise<void>((resolve) => (this.wakeReader = resolve));
      }
    } finally {
      this.gone = true;
      this.pages = [];
      this.wake('writer');
    }
  }

  private wake(who: 'reader' | 'writer'): void {
    const wake = who === 'reader' ? this.wakeReader : this.wakeWriter;
    if (who === 'reader') this.wakeReader = null;
    else this.wakeWriter = null;
    wake?.();
  }
}

/** Where a streamed step hands its pages on: items of `handle` go to `queue`, read by step `target`. */
export interface Tee {
  handle: string;
  target: string;
  queue: PageQueue;
}

/**
 * The successor that may run beside streamed step `id`: over a `main` edge, its only incoming
 * edge, not settled or started, and `canFuse` (it streams here, has no side effects, runs alone).
 */
export function fusableSuccessor(
  graph: Graph,
  state: RunState,
  id: string,
  canFuse: (target: string) => boolean,
): { target: string; handle: string } | null {
  for (const edge of graph.outgoing.get(id) ?? []) {
    const status = state.get(edge.target)?.status ?? 'pending';
    if (edge.targetHandle !== 'main' || status !== 'pending') continue;
    const incoming = graph.incoming.get(edge.target) ?? [];
    if (incoming.length === 1 && canFuse(edge.target)) return { target: edge.target, handle: edge.sourceHandle };
  }
  return null;
}

interface AheadStep {
  /** Lets it commit (its turn came) or makes it roll back. */
  decide(commit: boolean): void;
  /** Its outcome once committed; null when it rolled back or failed (it then runs as usual, if at all). */
  done: Promise<StreamedOutcome | null>;
  /** Shows it running (from its turn on: before, the step before it is the one shown running). */
  announce(): void;
}

export function fusionOff(): boolean {
  return process.env.TASKMASTER_STREAM_FUSE === 'off';
}

/** The steps of one run started ahead of their turn. */
export class FusedSteps {
  private readonly ahead = new Map<string, AheadStep>();

  /** `next(id)`: the successor to start beside `id` and its step, or null. */
  constructor(private readonly next: (id: string) => { handle: string; step: StreamedStep } | null) {}

  /** Starts the step after `id` beside it; returns where `id` hands its pages, or null when none is started. */
  startAfter(id: string): Tee | null {
    if (fusionOff()) return null;
    const next = this.next(id);
    if (!next || this.ahead.has(next.step.node.id)) return null;
    const queue = new PageQueue();
    const target = next.step.node.id;
    this.ahead.set(target, runAhead({ ...next.step, fused: this }, queue));
    return { handle: next.handle, target, queue };
  }

  /** Its turn came: the outcome of the step started ahead, or null to run it as usual. */
  async take(id: string): Promise<StreamedOutcome | null> {
    const step = this.ahead.get(id);
    if (!step) return null;
    this.ahead.delete(id);
    step.decide(true);
    const announce = setTimeout(step.announce, ANNOUNCE_AFTER_MS);
    try {
      return await step.done;
    } finally {
      clearTimeout(announce);
    }
  }

  /** Its turn will not come: rolls it back. */
  async drop(id: string): Promise<void> {
    const step = this.ahead.get(id);
    if (!step) return;
    this.ahead.delete(id);
    step.decide(false);
    await step.done.catch(() => {});
  }

  async dropAll(): Promise<void> {
    await Promise.all([...this.ahead.keys()].map((id) => this.drop(id)));
  }
}

/** A step attempted ahead of its turn, fed by `queue`; it commits only when `decide(true)`. */
function runAhead(step: StreamedStep, queue: PageQueue): AheadStep {
  let decide!: (commit: boolean) => void;
  const turn = new Promise<boolean>((resolve) => (decide = resolve));
  const done = (async (): Promise<StreamedOutcome | null> => {
    const { def, node, env, runId } = step;
    const attempt = step.attemptsBefore + 1;
    const startedAt = new Date();
    const sink = outputSink(async (start) => {
      const paged = await openPagedResult(step.sqlAsync ?? step.sql, { runId, nodeId: node.id, attempt, startedAt }, start, true);
      // No connection to spare: this attempt gives up, and the step runs as usual in its turn.
      if (!paged) throw new Error('No database connection to spare for a step started ahead.');
      return paged;
    });
    const tee = step.fused?.startAfter(node.id) ?? null;
    const result = await executeAttempt(def, node, {}, env, (ctx) =>
      streamBody(def, node, ctx, () => queue.pagesOnce(), sink, env.outputLimitBytes, tee),
    );
    if (!result.ok) {
      if (tee) await step.fused?.drop(tee.target);
      await sink.abandon();
      return null;
    }
    if (!(await turn)) {
      await sink.abandon();
      return null;
    }
    step.onStepEnd?.(node.type, result.durationMs, true);
    const inputCounts: Record<string, number> = queue.count > 0 ? { main: queue.count } : {};
    const end = {
      inputCounts,
      logs: result.logs,
      warnings: result.warnings,
      startedAt,
      finishedAt: result.finishedAt,
      durationMs: Math.round(result.durationMs * 1000) / 1000,
    };
    // Committed after the results the run loop holds back, as a step started in its turn would be.
    await step.flushHeld();
    const stored = await sink.commit(end);
    if (stored) return { status: 'succeeded', outputs: {}, stored, error: null };
    const record: NodeRecord = { runId, nodeId: node.id, attempt, status: 'succeeded', outputs: result.outputs, error: null, ...end };
    await step.store(record, false);
    return { status: 'succeeded', outputs: result.outputs, error: null };
  })();
  // A failed write rejects it: that reaches whoever takes or drops it, never unhandled meanwhile.
  done.catch(() => {});
  const announce = () =>
    void announceNodeRunning(step.sqlAsync ?? step.sql, step.runId, step.node.id, step.attemptsBefore + 1).catch(() => {});
  return { decide, done, announce };
}

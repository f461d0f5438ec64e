/**
 * The run loop's decisions, on top of the readiness tracker (readiness.ts): which ready nodes
 * start now (at most `maxParallel` at once, in document order), which decided skips are still to
 * be recorded, and whether a node's result is the run's last. Pure: no I/O, no clock; the worker
 * shell (server/worker/run-loop.ts) runs what it is told to start and reports each node's end.
 */
import type { Graph } from './graph';
import type { NodeState, Plan, PlanOptions, RunState } from './plan';
import { createReadiness } from './readiness';

export interface SchedulerOptions extends PlanOptions {
  /** Nodes of one run that run at once. */
  maxParallel: number;
}

export interface Scheduler {
  /** Skips decided since the last call (document order within each decision), handed out once. */
  takeSkipped(): string[];
  /** Ready nodes to start now, in document order, within the parallel cap; counted as running. */
  takeStartable(): string[];
  /**
   * A started node settled: its slot frees and the nodes behind it are decided. `carried`: nodes
   * it ran in its own place (a chain run for each item), settled with it in this order; they are
   * never started again.
   */
  settle(nodeId: string, state: NodeState, carried?: ReadonlyArray<readonly [string, NodeState]>): void;
  /** Nodes started and not settled yet. */
  running(): number;
  /** True when every node is settled (handed-out skips count as settled). */
  finished(): boolean;
  /**
   * True when `nodeId`, running now, is the run's last node: nothing after it, nothing else
   * running, waiting or left to skip. Its result can then be stored with the run's end.
   */
  isLast(nodeId: string): boolean;
}

/** A scheduler for a run whose nodes so far are `state` (a resumed run starts from its stored results). */
export function createScheduler(graph: Graph, state: RunState, options: SchedulerOptions): Scheduler {
  const readiness = createReadiness(graph, state, options);
  const position = new Map(graph.order.map((id, i) => [id, i]));
  // Ready nodes not started yet, in document order.
  const waiting: string[] = [];
  let toSkip: string[] = [];
  let running = 0;

  const take = (plan: Plan, done?: ReadonlySet<string>) => {
    const ready = done ? plan.ready.filter((id) => !done.has(id)) : plan.ready;
    waiting.push(...ready);
    if (waiting.length > ready.length) waiting.sort((a, b) => position.get(a)! - position.get(b)!);
    toSkip.push(...plan.skipped);
  };
  take(readiness.first);

  return {
    takeSkipped() {
      const skipped = toSkip;
      toSkip = [];
      return skipped;
    },
    takeStartable() {
      const n = Math.max(0, Math.min(waiting.length, options.maxParallel - running));
      running += n;
      return waiting.splice(0, n);
    },
    settle(nodeId, nodeState, carried = []) {
      running -= 1;
      if (carried.length === 0) return take(readiness.settle(nodeId, nodeState));
      const done = new Set([nodeId, ...carried.map(([id]) => id)]);
      take(readiness.settle(nodeId, nodeState), done);
      for (const [id, s] of carried) take(readiness.settle(id, s), done);
    },
    running: () => running,
    finished: () => readiness.finished(),
    isLast: (nodeId) =>
      graph.outgoing.get(nodeId)!.length === 0 &&
      readiness.unsettled() === 1 &&
      running === 1 &&
      waiting.length === 0 &&
      toSkip.length === 0,
  };
}

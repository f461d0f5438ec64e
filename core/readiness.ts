/**
 * The planning rules of plan.ts, decided incrementally: each node keeps a count of the
 * connections it still waits for, and only the nodes behind a node that just settled are
 * looked at. A run of n nodes costs O(nodes + edges) in total instead of O(n²) for asking
 * `planNext` again after every node. Pure: no I/O, no clock.
 */
import type { Graph } from './graph';
import { outputCount, SETTLED, type NodeState, type Plan, type PlanOptions, type RunState } from './plan';

export interface Readiness {
  /** What the state the tracker was created with allows: the first nodes to start or skip. */
  readonly first: Plan;
  /**
   * Records that a node settled (succeeded, failed, skipped or cancelled) and returns the nodes
   * this decides: newly ready (document order) and newly skipped (skips propagate). A node is
   * never returned as ready twice; settling a node twice changes nothing.
   */
  settle(nodeId: string, state: NodeState): Plan;
  /** True when every node is settled (nodes returned as skipped count as settled). */
  finished(): boolean;
  /** How many nodes are not settled yet (running, ready or undecided). */
  unsettled(): number;
}

/** Creates a readiness tracker; nodes already running or settled in `state` are not decided again. */
export function createReadiness(graph: Graph, state: RunState, options: PlanOptions): Readiness {
  const position = new Map<string, number>();
  graph.order.forEach((id, i) => position.set(id, i));
  const settled = new Map<string, NodeState>();
  // Ready, running or settled: decided once and for all.
  const decided = new Set<string>();
  // Connections each undecided node still waits for.
  const waitingFor = new Map<string, number>();
  // Undecided nodes that already have an active incoming connection.
  const active = new Set<string>();

  for (const id of graph.order) {
    const s = state.get(id);
    if (!s || s.status === 'pending') continue;
    decided.add(id);
    if (SETTLED.has(s.status)) settled.set(id, s);
  }
  for (const id of graph.order) {
    if (decided.has(id)) continue;
    let waiting = 0;
    for (const edge of graph.incoming.get(id)!) {
      const source = settled.get(edge.source);
      if (!source) waiting++;
      else if (carriesItems(source, edge.sourceHandle)) active.add(id);
    }
    waitingFor.set(id, waiting);
  }

  const byPosition = (a: string, b: string) => position.get(a)! - position.get(b)!;

  /** Decides `id`; a skip is settled at once and its successors are queued in `work`. */
  function decide(id: string, plan: Plan, work: string[]): void {
    const trigger = options.isTrigger(id);
    const run = trigger ? id === options.startNodeId : active.has(id);
    decided.add(id);
    waitingFor.delete(id);
    active.delete(id);
    if (run) {
      plan.ready.push(id);
    } else {
      settled.set(id, { status: 'skipped' });
      plan.skipped.push(id);
      work.push(id);
    }
  }

  /** Passes the settling of every node in `work` on to the nodes after it. */
  function propagate(work: string[], plan: Plan): void {
    while (work.length) {
      const sourceId = work.pop()!;
      const source = settled.get(sourceId)!;
      for (const edge of graph.outgoing.get(sourceId)!) {
        const target = edge.target;
        if (decided.has(target)) continue;
        if (carriesItems(source, edge.sourceHandle)) active.add(target);
        const left = waitingFor.get(target)! - 1;
        waitingFor.set(target, left);
        if (left === 0) decide(target, plan, work);
      }
    }
  }

  const finish = (plan: Plan): Plan => {
    plan.ready.sort(byPosition);
    plan.skipped.sort(byPosition);
    plan.finished = settled.size === graph.order.length;
    return plan;
  };

  const first: Plan = { ready: [], skipped: [], finished: false };
  const work: string[] = [];
  for (const id of graph.order) {
    if (decided.has(id)) continue;
    // Triggers never wait; a node with no incoming connection can never be reached.
    if (options.isTrigger(id) || waitingFor.get(id) === 0) decide(id, first, work);
    propagate(work, first);
  }
  finish(first);

  return {
    first,
    settle(nodeId, nodeState) {
      const plan: Plan = { ready: [], skipped: [], finished: false };
      if (!settled.has(nodeId) && graph.nodes.has(nodeId) && SETTLED.has(nodeState.status)) {
        decided.add(nodeId);
        waitingFor.delete(nodeId);
        settled.set(nodeId, nodeState);
        propagate([nodeId], plan);
      }
      return finish(plan);
    },
    finished: () => settled.size === graph.order.length,
    unsettled: () => graph.order.length - settled.size,
  };
}

function carriesItems(source: NodeState, handle: string): boolean {
  return source.status === 'succeeded' && outputCount(source, handle) > 0;
}

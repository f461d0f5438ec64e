/**
 * The planning core: given the results so far, which nodes are ready to run and which are
 * skipped. Pure: the worker shell loads results, calls these, runs nodes and stores results.
 *
 * Rules:
 * - A run starts at one trigger; other triggers are skipped.
 * - A node is decided once every node feeding it is settled (succeeded, failed or skipped).
 * - A connection is active when its source succeeded and emitted at least one item on its
 *   handle. A decided node with no active incoming connection is skipped (the untaken side of
 *   an IF, and everything only behind it); otherwise it is ready.
 */
import type { HandleItems, Item } from '../nodes/types';
import type { WorkflowEdge } from './document';
import type { Graph } from './graph';

export type NodeStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface NodeState {
  status: NodeStatus;
  /** Items per output handle, for succeeded nodes. */
  outputs?: HandleItems;
  /**
   * Instead of `outputs`: a streamed step's output, kept only in the database (its pages), so a
   * million items are never all in memory. `ref` is opaque here (the stored result's id).
   */
  stored?: StoredOutput;
}

export interface StoredOutput {
  ref: number;
  /** Items per output handle. */
  counts: Record<string, number>;
}

/** How many items a node put out on a handle, whether they are in memory or stored. */
export function outputCount(state: NodeState | undefined, handle: string): number {
  if (state?.stored) return state.stored.counts[handle] ?? 0;
  return state?.outputs?.[handle]?.length ?? 0;
}

export type RunState = ReadonlyMap<string, NodeState>;

export const SETTLED: ReadonlySet<NodeStatus> = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);

export interface Plan {
  /** Nodes to start now, in document order. */
  ready: string[];
  /** Nodes decided as skipped now (apply them, then plan again is not needed: already included). */
  skipped: string[];
  /** True when every node is settled (or skipped by this plan). */
  finished: boolean;
}

export interface PlanOptions {
  /** The trigger that fired this run. */
  startNodeId: string;
  /** Returns true for trigger nodes. */
  isTrigger(nodeId: string): boolean;
}

/** Decides ready and skipped nodes; skips propagate within one call. */
export function planNext(graph: Graph, state: RunState, options: PlanOptions): Plan {
  const statusOf = new Map<string, NodeStatus>();
  for (const id of graph.order) statusOf.set(id, state.get(id)?.status ?? 'pending');

  const ready: string[] = [];
  const skipped: string[] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (const id of graph.order) {
      if (statusOf.get(id) !== 'pending' || ready.includes(id)) continue;
      const decision = decide(graph, state, statusOf, id, options);
      if (decision === 'skip') {
        statusOf.set(id, 'skipped');
        skipped.push(id);
        changed = true;
      } else if (decision === 'ready') {
        ready.push(id);
      }
    }
  }
  const finished = graph.order.every((id) => SETTLED.has(statusOf.get(id)!));
  return { ready, skipped, finished };
}

function decide(
  graph: Graph,
  state: RunState,
  statusOf: Map<string, NodeStatus>,
  id: string,
  options: PlanOptions,
): 'ready' | 'skip' | 'wait' {
  if (options.isTrigger(id)) return id === options.startNodeId ? 'ready' : 'skip';
  const incoming = graph.incoming.get(id)!;
  if (incoming.length === 0) return 'skip';
  let active = false;
  for (const edge of incoming) {
    const status = statusOf.get(edge.source)!;
    if (!SETTLED.has(status)) return 'wait';
    if (status === 'succeeded' && isActive(edge, state)) active = true;
  }
  return active ? 'ready' : 'skip';
}

function isActive(edge: WorkflowEdge, state: RunState): boolean {
  return outputCount(state.get(edge.source), edge.sourceHandle) > 0;
}

/** A node's input items per input handle, concatenated over its active connections in edge order. */
export function resolveInputs(graph: Graph, state: RunState, nodeId: string): HandleItems {
  const inputs: HandleItems = {};
  for (const edge of graph.incoming.get(nodeId) ?? []) {
    const source = state.get(edge.source);
    if (source?.status !== 'succeeded') continue;
    const items = source.outputs?.[edge.sourceHandle];
    if (!items || items.length === 0) continue;
    const list = inputs[edge.targetHandle];
    // One source: hand its list on as is (no copy of large data). Several: concatenate.
    inputs[edge.targetHandle] = list ? concat(list, items) : items;
  }
  return inputs;
}

function concat(a: Item[], b: Item[]): Item[] {
  const out = a.slice();
  // Not push(...b): spreading very large lists overflows the stack.
  for (const item of b) out.push(item);
  return out;
}

/**
 * The nodes a "run from here" run must execute: the chosen node and everything after it.
 * Every other node keeps its result from the earlier run.
 */
export function nodesFrom(graph: Graph, nodeId: string): Set<string> {
  const seen = new Set<string>([nodeId]);
  const queue = [nodeId];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of graph.outgoing.get(queue[i]) ?? []) {
      if (!seen.has(edge.target)) {
        seen.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  return seen;
}

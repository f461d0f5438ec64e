/**
 * Why a step was skipped, traced back to the step that passed on no items. A step with side
 * effects (save a file, send a mail) skipped that way leaves the world as it was, e.g. yesterday's
 * file in place, while the run looks like a success: the run loop turns it into a step warning.
 */
import type { Graph } from './graph';
import { outputCount, type RunState } from './plan';

export interface SkipOrigin {
  /** The step whose output was empty. */
  nodeId: string;
  /** Its output handle that was empty ('main' for an ordinary step, 'true'/'false' for an If…). */
  handle: string;
}

/**
 * The step (and its output) whose emptiness made `nodeId` skip: the first input that came out
 * empty, followed back through skipped steps. Null when no such step is found (e.g. the start
 * step failed).
 */
export function skipOrigin(graph: Graph, state: RunState, nodeId: string, seen = new Set<string>()): SkipOrigin | null {
  if (seen.has(nodeId)) return null;
  seen.add(nodeId);
  for (const edge of graph.incoming.get(nodeId) ?? []) {
    const source = state.get(edge.source);
    if (source?.status === 'succeeded' && outputCount(source, edge.sourceHandle) === 0) {
      return { nodeId: edge.source, handle: edge.sourceHandle };
    }
    if (source?.status === 'skipped') {
      const origin = skipOrigin(graph, state, edge.source, seen);
      if (origin) return origin;
    }
  }
  return null;
}

/**
 * The warning for a step with side effects that was skipped because an ordinary step's output
 * ('main') was empty; null when it was routed away on purpose (an If or Switch branch not taken).
 */
export function skippedSideEffectWarning(graph: Graph, state: RunState, nodeId: string): string | null {
  const origin = skipOrigin(graph, state, nodeId);
  if (!origin || origin.handle !== 'main') return null;
  const name = graph.nodes.get(origin.nodeId)?.name ?? origin.nodeId;
  return (
    `Did not run: “${name}” passed on no items, so this step saved or sent nothing. ` +
    'A file written by an earlier run is left as it was.'
  );
}

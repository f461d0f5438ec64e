/**
 * Steps that run once per incoming item together with the steps right after them (Browser:
 * open page set to "for each item", and the Browser steps that work on its page). Pure: which
 * steps form such a chain is decided from the graph alone.
 */
import type { Graph } from './graph';

export interface ChainRules {
  /** Whether this step starts a chain (its own config asks for "for each item"). */
  starts(nodeId: string): boolean;
  /** Whether this step may continue the chain of `headId` (a Browser step working on its page). */
  continues(nodeId: string, headId: string): boolean;
}

/**
 * The chain that starts at `headId`, head first, or null when the step runs normally. The chain
 * follows the head's single main connection from step to step while the next step continues it,
 * has no other incoming connection and is not a chain of its own: a branch, a join or another
 * step ends it, and the steps from there on run once with all items, as usual.
 */
export function eachItemChain(graph: Graph, headId: string, rules: ChainRules): string[] | null {
  const head = graph.nodes.get(headId);
  if (!head || head.disabled || head.pinnedOutput || !rules.starts(headId)) return null;
  const chain = [headId];
  const seen = new Set(chain);
  for (let current = headId; ; ) {
    const main = graph.outgoing.get(current)!.filter((e) => e.sourceHandle === 'main');
    if (main.length !== 1) break;
    const next = main[0].target;
    const node = graph.nodes.get(next)!;
    if (seen.has(next) || node.disabled || node.pinnedOutput) break;
    if (graph.incoming.get(next)!.length !== 1 || rules.starts(next) || !rules.continues(next, headId)) break;
    chain.push(next);
    seen.add(next);
    current = next;
  }
  return chain;
}

/**
 * Steps that run once per incoming item together with the steps right after them (Browser:
 * open page set to "for each item", and the Browser steps that work on its page). Pure: which
 * steps form such a chain is decided from the graph alone.
 */
import type { NodeDefinition } from '../nodes/types';
import type { Problem } from './document';
import { ancestorsOf, reachableFrom, type Graph } from './graph';

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

/** What the chain rules need of a step's type (nodes/types.ts). */
export type EachItemType = Pick<NodeDefinition, 'group' | 'eachItem'>;

/**
 * The rules from the steps' types: a step whose config asks for "for each item" starts a chain;
 * a step of its group that can't start one (a Browser step working on the page) continues it.
 */
export function eachItemRules(graph: Graph, typeOf: (nodeId: string) => EachItemType | undefined): ChainRules {
  return {
    starts: (id) => typeOf(id)?.eachItem?.(graph.nodes.get(id)!.config) != null,
    continues: (id, headId) => {
      const type = typeOf(id);
      return type !== undefined && type.eachItem === undefined && type.group === typeOf(headId)?.group;
    },
  };
}

/**
 * Steps that work on the page of a "for each item" step but run after its chain ended, when the
 * item pages are closed (a step in between, a branch or a join ends the chain): at run time they
 * fail with "No web page is open". One problem per step, unless a step of the group that opens
 * its page once (the run's own page) runs before it.
 */
export function stepsPastEachItemChains(graph: Graph, typeOf: (nodeId: string) => EachItemType | undefined): Problem[] {
  const rules = eachItemRules(graph, typeOf);
  const chains = new Map<string, string[]>();
  for (const id of graph.order) {
    const chain = rules.starts(id) ? eachItemChain(graph, id, rules) : null;
    if (chain) chains.set(id, chain);
  }
  if (chains.size === 0) return [];
  const inChain = new Set([...chains.values()].flat());
  const problems: Problem[] = [];
  const flagged = new Set<string>();
  for (const [headId, chain] of chains) {
    for (const id of reachableFrom(graph, [headId])) {
      const node = graph.nodes.get(id)!;
      if (inChain.has(id) || flagged.has(id) || node.disabled || node.pinnedOutput || !rules.continues(id, headId)) continue;
      const group = typeOf(headId)?.group;
      const opensOwnPage = [...ancestorsOf(graph, id)].some((a) => {
        const before = graph.nodes.get(a)!;
        return !before.disabled && typeOf(a)?.group === group && typeOf(a)?.eachItem !== undefined && !rules.starts(a);
      });
      if (opensOwnPage) continue;
      flagged.add(id);
      const head = graph.nodes.get(headId)!.name;
      const last = graph.nodes.get(chain[chain.length - 1])!.name;
      problems.push({
        nodeId: id,
        code: 'page-closed',
        message:
          `Step "${node.name}" needs an open web page, but it runs after the pages "${head}" opens for each item are closed ` +
          `(they close once each item has gone through the steps right after "${head}"), so it would fail with "No web page is open". ` +
          `Connect "${node.name}" directly after "${last}", with no other step, branch or join in between, or put a "Browser: open page" step before it.`,
      });
    }
  }
  return problems;
}

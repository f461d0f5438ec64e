/**
 * A web page lives only in the process that opened it. When a run continues elsewhere (resumed
 * after its worker died) or from a later step ("Run from here"), the Browser steps still to run
 * would find no page: their Open page step kept its stored result, but its page is gone. So the
 * Open page step runs again, with every step on the way from it to them, and the page is back as
 * it was. Pure: decided from the graph alone.
 */
import type { Graph } from './graph';
import { nodesFrom } from './plan';

export interface PageRules {
  /** A Browser step that works on the page an earlier step opened. */
  usesPage(nodeId: string): boolean;
  /** An Open page step whose page stays open for the steps after it ("once"). */
  opensPage(nodeId: string): boolean;
  /** An Open page step for each item: its pages close after their item, so nothing after it can use them. */
  opensPagePerItem(nodeId: string): boolean;
}

/**
 * Steps outside `toRun` that must run again so that every step in `toRun` that works on a page
 * finds one: the nearest Open page step upstream of it (when that one is not running again
 * anyway) and every step on a path from there to it.
 */
export function pageStepsToRedo(graph: Graph, toRun: ReadonlySet<string>, rules: PageRules): Set<string> {
  const redo = new Set<string>();
  for (const id of toRun) {
    if (!rules.usesPage(id)) continue;
    const { upstream, openers } = backToOpeners(graph, id, rules);
    for (const opener of openers) {
      if (toRun.has(opener)) continue;
      for (const step of nodesFrom(graph, opener)) {
        if (upstream.has(step) && !toRun.has(step)) redo.add(step);
      }
    }
  }
  return redo;
}

/** The steps between `id` and the Open page steps that feed it (both ends included), and those Open page steps. */
function backToOpeners(graph: Graph, id: string, rules: PageRules): { upstream: Set<string>; openers: string[] } {
  const upstream = new Set<string>([id]);
  const openers: string[] = [];
  const stack = [id];
  while (stack.length) {
    for (const edge of graph.incoming.get(stack.pop()!) ?? []) {
      const source = edge.source;
      if (upstream.has(source)) continue;
      upstream.add(source);
      if (rules.opensPage(source)) openers.push(source);
      else if (!rules.opensPagePerItem(source)) stack.push(source);
    }
  }
  return { upstream, openers };
}

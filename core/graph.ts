/**
 * Graph helpers over a workflow document: adjacency, topological order, cycles, reachability.
 * Pure functions of data.
 */
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from './document';

export interface Graph {
  nodes: Map<string, WorkflowNode>;
  /** Node ids in document order, for stable results. */
  order: string[];
  incoming: Map<string, WorkflowEdge[]>;
  outgoing: Map<string, WorkflowEdge[]>;
}

/** Indexes a document's nodes and edges; edges to unknown nodes are left out (validation reports them). */
export function buildGraph(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>): Graph {
  const nodes = new Map<string, WorkflowNode>();
  const incoming = new Map<string, WorkflowEdge[]>();
  const outgoing = new Map<string, WorkflowEdge[]>();
  for (const node of doc.nodes) {
    if (nodes.has(node.id)) continue;
    nodes.set(node.id, node);
    incoming.set(node.id, []);
    outgoing.set(node.id, []);
  }
  for (const edge of doc.edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) continue;
    outgoing.get(edge.source)!.push(edge);
    incoming.get(edge.target)!.push(edge);
  }
  return { nodes, order: [...nodes.keys()], incoming, outgoing };
}

/**
 * Kahn's algorithm. Returns the order and the ids left over, which sit on or behind a cycle.
 */
export function topologicalOrder(graph: Graph): { order: string[]; cyclic: string[] } {
  const indegree = new Map<string, number>();
  for (const id of graph.order) indegree.set(id, graph.incoming.get(id)!.length);
  const queue = graph.order.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    order.push(id);
    for (const edge of graph.outgoing.get(id)!) {
      const left = indegree.get(edge.target)! - 1;
      indegree.set(edge.target, left);
      if (left === 0) queue.push(edge.target);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: graph.order.filter((id) => !placed.has(id)) };
}

/** The nodes that form cycles (strongly connected components larger than one, or self-loops). */
export function findCycles(graph: Graph): string[][] {
  // Tarjan's SCC, iterative so deep graphs don't overflow the stack.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const start of graph.order) {
    if (indexOf.has(start)) continue;
    const work: Array<{ id: string; edge: number }> = [{ id: start, edge: 0 }];
    indexOf.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const edges = graph.outgoing.get(frame.id)!;
      if (frame.edge < edges.length) {
        const next = edges[frame.edge++].target;
        if (!indexOf.has(next)) {
          indexOf.set(next, index);
          low.set(next, index++);
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, edge: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, indexOf.get(next)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === indexOf.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = edges.some((e) => e.target === frame.id);
        if (component.length > 1 || selfLoop) cycles.push(component.reverse());
      }
    }
  }
  return cycles;
}

/** Every node reachable from the given start nodes, starts included. */
export function reachableFrom(graph: Graph, starts: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts].filter((id) => graph.nodes.has(id));
  for (const id of queue) seen.add(id);
  for (let i = 0; i < queue.length; i++) {
    for (const edge of graph.outgoing.get(queue[i])!) {
      if (!seen.has(edge.target)) {
        seen.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  return seen;
}

/** Every node upstream of the given node, the node excluded. */
export function ancestorsOf(graph: Graph, nodeId: string): Set<string> {
  const seen = new Set<string>();
  const queue = [nodeId];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of graph.incoming.get(queue[i]) ?? []) {
      if (!seen.has(edge.source)) {
        seen.add(edge.source);
        queue.push(edge.source);
      }
    }
  }
  return seen;
}

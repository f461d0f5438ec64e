/**
 * Which connections the canvas accepts, with the reason in plain words when it refuses one.
 * The server validates again on save; this only gives immediate feedback.
 */
import type { CatalogEntry } from '../../../lib/api-types';
import type { StepEdge, StepNode } from './types';

export interface ProposedConnection {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** True when `to` can already be reached from `from` by following connections. */
export function leadsTo(from: string, to: string, edges: StepEdge[]): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

export function connectionProblem(
  c: ProposedConnection,
  nodes: StepNode[],
  edges: StepEdge[],
  catalog: Map<string, CatalogEntry>,
): string | null {
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  if (!source || !target) return 'Connect an output (right side of a step) to an input (left side of another step).';
  if (source.id === target.id) return 'A step cannot connect to itself.';
  const targetType = catalog.get(target.data.type);
  if (targetType?.category === 'trigger' || targetType?.inputs.length === 0) {
    return `"${target.data.name}" starts the workflow, so nothing can connect into it.`;
  }
  const sourceHandle = c.sourceHandle ?? 'main';
  const targetHandle = c.targetHandle ?? 'main';
  if (
    edges.some(
      (e) =>
        e.source === c.source &&
        (e.sourceHandle ?? 'main') === sourceHandle &&
        e.target === c.target &&
        (e.targetHandle ?? 'main') === targetHandle,
    )
  ) {
    return 'These two steps are already connected this way.';
  }
  if (leadsTo(target.id, source.id, edges)) {
    return `This would make a loop: "${target.data.name}" already leads back to "${source.data.name}". Workflows cannot go in circles.`;
  }
  return null;
}

/**
 * The steps `source`'s `sourceHandle` output may connect to (their first input): the steps for
 * which `connectionProblem` finds nothing, worked out in one pass over the graph instead of one
 * search per step (a 1,000-step workflow would otherwise take a second to list them).
 */
export function connectableTargets(
  source: string,
  sourceHandle: string,
  nodes: StepNode[],
  edges: StepEdge[],
  catalog: Map<string, CatalogEntry>,
): StepNode[] {
  if (!nodes.some((n) => n.id === source)) return [];
  // A target that already leads back to the source would make a loop: the source and every step before it.
  const incoming = new Map<string, string[]>();
  for (const e of edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const before = new Set<string>();
  const stack = [source];
  while (stack.length) {
    const id = stack.pop()!;
    if (before.has(id)) continue;
    before.add(id);
    stack.push(...(incoming.get(id) ?? []));
  }
  const taken = new Set<string>();
  for (const e of edges)
    if (e.source === source && (e.sourceHandle ?? 'main') === sourceHandle) taken.add(`${e.target}\u0000${e.targetHandle ?? 'main'}`);
  return nodes.filter((n) => {
    const type = catalog.get(n.data.type);
    if (before.has(n.id) || type?.category === 'trigger' || type?.inputs.length === 0) return false;
    return !taken.has(`${n.id}\u0000${type?.inputs[0]?.id ?? 'main'}`);
  });
}

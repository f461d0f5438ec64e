/**
 * Repeated step groups: a "Repeat until" step set to "Steps in this workflow" repeats a group of
 * the workflow's own steps (its `steps`, by id). The group sits on the canvas, connected only
 * inside itself; the main run leaves it out, and each round runs it as a child run of the
 * Repeat until step whose document is made here (a "Called by another workflow" start feeding
 * the group's first step), so rounds are durable exactly like rounds of a saved workflow.
 * Pure functions of data.
 */
import { z } from 'zod';
import type { Problem, WorkflowDocument, WorkflowEdge, WorkflowNode } from './document';
import { buildGraph, reachableFrom } from './graph';

export const REPEAT_TYPE = 'repeat-until';

const bodyConfigSchema = z.object({
  repeat: z.enum(['workflow', 'steps']).catch('workflow').default('workflow'),
  steps: z.array(z.string()).catch([]).default([]),
});

/** The step ids a Repeat until node repeats, or null when it repeats a saved workflow. */
export function bodyOf(node: Pick<WorkflowNode, 'type' | 'config'>): string[] | null {
  if (node.type !== REPEAT_TYPE) return null;
  const parsed = bodyConfigSchema.safeParse(node.config ?? {});
  if (!parsed.success || parsed.data.repeat !== 'steps') return null;
  return parsed.data.steps;
}

/** Every loop body of the document, by the id of the step that repeats it. */
export function loopBodies(doc: Pick<WorkflowDocument, 'nodes'>): Map<string, string[]> {
  const bodies = new Map<string, string[]>();
  for (const node of doc.nodes) {
    const body = bodyOf(node);
    if (body) bodies.set(node.id, body);
  }
  return bodies;
}

/** Ids of the steps that belong to a loop body (run only by their Repeat until step). */
export function bodyStepIds(doc: Pick<WorkflowDocument, 'nodes'>): Set<string> {
  const ids = new Set<string>();
  for (const body of loopBodies(doc).values()) for (const id of body) ids.add(id);
  return ids;
}

/** The document the main run executes: loop bodies and their connections left out. */
export function withoutLoopBodies<D extends Pick<WorkflowDocument, 'nodes' | 'edges'>>(doc: D): D {
  const body = bodyStepIds(doc);
  if (body.size === 0) return doc;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !body.has(n.id)),
    edges: doc.edges.filter((e) => !body.has(e.source) && !body.has(e.target)),
  };
}

/** The id of the start step added to a round's document: one no step of `doc` has. */
function startIdFor(doc: Pick<WorkflowDocument, 'nodes'>): string {
  const taken = new Set(doc.nodes.map((n) => n.id));
  let id = 'round-start';
  for (let n = 2; taken.has(id); n++) id = `round-start-${n}`;
  return id;
}

/** The steps of a body that no other body step feeds: each round's items go to them. */
function entriesOf(body: Set<string>, edges: WorkflowEdge[]): string[] {
  const fed = new Set(edges.filter((e) => body.has(e.source) && body.has(e.target)).map((e) => e.target));
  return [...body].filter((id) => !fed.has(id));
}

/**
 * One round's document for the Repeat until step `loopId`: its group's steps and their
 * connections, started by a "Called by another workflow" step. Null when `loopId` repeats no group.
 */
export function roundDocument(doc: WorkflowDocument, loopId: string): { document: WorkflowDocument; startId: string } | null {
  const loop = doc.nodes.find((n) => n.id === loopId);
  const steps = loop ? bodyOf(loop) : null;
  if (!loop || !steps) return null;
  const body = new Set(steps);
  const nodes = doc.nodes.filter((n) => body.has(n.id));
  const inner = doc.edges.filter((e) => body.has(e.source) && body.has(e.target));
  const startId = startIdFor(doc);
  const start: WorkflowNode = {
    id: startId,
    type: 'workflow-trigger',
    typeVersion: 1,
    name: `${loop.name}: round`,
    position: { x: 0, y: 0 },
    config: {},
    settings: { retries: 0, retryBackoffMs: 1000, timeoutMs: 0, onError: 'stop' },
  };
  const feeds: WorkflowEdge[] = entriesOf(body, inner).map((target, i) => ({
    id: `${startId}-e${i + 1}`,
    source: startId,
    sourceHandle: 'main',
    target,
    targetHandle: 'main',
  }));
  return {
    document: {
      ...doc,
      name: `${doc.name}: ${loop.name}`,
      nodes: [start, ...nodes],
      edges: [...feeds, ...inner],
      checkBeforeUse: undefined,
    },
    startId,
  };
}

/**
 * What is wrong with the document's loop bodies, in plain words, on the steps concerned: a step
 * that is gone, a trigger inside, a step in two groups, a connection in or out of a group, a
 * group that is not one connected path.
 */
export function loopBodyProblems(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>, isTrigger: (type: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const owner = new Map<string, string>();
  for (const [loopId, steps] of loopBodies(doc)) {
    const loop = byId.get(loopId)!;
    const where = `“${loop.name}” repeats`;
    const field = 'steps';
    if (steps.length === 0) {
      problems.push({
        nodeId: loopId,
        field,
        code: 'invalid-config',
        message: `${where} no steps yet. Select the steps to repeat on the canvas and choose “Repeat these steps until…”, or repeat a saved workflow.`,
      });
      continue;
    }
    const present = new Set<string>();
    for (const id of steps) {
      const node = byId.get(id);
      if (!node) {
        problems.push({
          nodeId: loopId,
          field,
          code: 'missing-node',
          message: `${where} a step that is not in this workflow any more (id “${id}”). Select the steps to repeat again.`,
        });
        continue;
      }
      if (id === loopId) {
        problems.push({
          nodeId: loopId,
          field,
          code: 'invalid-config',
          message: `${where} itself: a step cannot be part of the steps it repeats.`,
        });
        continue;
      }
      if (isTrigger(node.type)) {
        problems.push({
          nodeId: id,
          code: 'invalid-config',
          message: `${where} “${node.name}”, which is a trigger. A trigger starts a workflow and cannot be repeated: take it out of the group.`,
        });
      }
      const other = owner.get(id);
      if (other && other !== loopId) {
        problems.push({
          nodeId: id,
          code: 'invalid-config',
          message: `“${node.name}” is repeated by both “${byId.get(other)?.name}” and “${loop.name}”. A step can belong to one repeated group only.`,
        });
      }
      owner.set(id, loopId);
      present.add(id);
    }
    problems.push(...pathProblems(doc, loop, present, byId));
  }
  problems.push(...nestedProblems(doc, byId));
  return problems;
}

/**
 * A group can't hold a Repeat until that repeats a group of its own: a round's document holds
 * only the outer group's steps, and the inner group hangs on nothing there. (A Repeat until of a
 * saved workflow inside a group is fine.)
 */
function nestedProblems(doc: Pick<WorkflowDocument, 'nodes'>, byId: Map<string, WorkflowNode>): Problem[] {
  const problems: Problem[] = [];
  const bodies = loopBodies(doc);
  for (const [outerId, outer] of bodies) {
    for (const innerId of outer) {
      if (!bodies.has(innerId) || innerId === outerId) continue;
      const inner = byId.get(innerId)?.name;
      problems.push({
        nodeId: innerId,
        code: 'invalid-config',
        message: `“${inner}” repeats steps of this workflow and is itself repeated by “${byId.get(outerId)?.name}”: a repeated group can't hold another. Put the inner steps in a saved workflow and let “${inner}” repeat that.`,
      });
    }
  }
  return problems;
}

/** Connections crossing the group's border, and steps not on the group's one path. */
function pathProblems(
  doc: Pick<WorkflowDocument, 'edges'>,
  loop: WorkflowNode,
  body: Set<string>,
  byId: Map<string, WorkflowNode>,
): Problem[] {
  const problems: Problem[] = [];
  const name = (id: string) => `“${byId.get(id)?.name ?? id}”`;
  for (const edge of doc.edges) {
    const from = body.has(edge.source);
    const to = body.has(edge.target);
    if (from === to || !byId.has(edge.source) || !byId.has(edge.target)) continue;
    problems.push({
      edgeId: edge.id,
      nodeId: from ? edge.source : edge.target,
      code: 'invalid-config',
      message: from
        ? `${name(edge.source)} is repeated by “${loop.name}” but also connects to ${name(edge.target)}, outside the group. Connect the steps after the loop to “${loop.name}” instead.`
        : `${name(edge.target)} is repeated by “${loop.name}” but ${name(edge.source)}, outside the group, connects into it. Each round gets its items from “${loop.name}”: remove that connection.`,
    });
  }
  const inner = doc.edges.filter((e) => body.has(e.source) && body.has(e.target));
  const entries = entriesOf(body, inner);
  if (entries.length > 1) {
    const graph = buildGraph({ nodes: [...body].map((id) => byId.get(id)!), edges: inner });
    const first = entries[0];
    const onPath = reachableFrom(graph, [first]);
    for (const id of body) {
      if (onPath.has(id)) continue;
      problems.push({
        nodeId: id,
        code: 'invalid-config',
        message: `${name(id)} is in the steps “${loop.name}” repeats but not on their path from ${name(first)}. Connect it to them, or take it out of the group.`,
      });
    }
  }
  return problems;
}

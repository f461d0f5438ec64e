/**
 * "Repeat these steps until…": turns the selected steps into the group a new Repeat until step
 * repeats (core/loop-body.ts). The connections into the group's first step go into the new step
 * instead, those out of its last step leave from it, and the group moves below it, connected
 * only inside itself. Pure: the editor applies the result as one undoable change.
 */
import type { XYPosition } from '@xyflow/react';
import { bodyOf } from '@/core/loop-body';
import type { CatalogEntry } from '../../../lib/api-types';
import type { StepEdge, StepNode } from './types';

export const REPEAT_TYPE = 'repeat-until';
/** How far below the new Repeat until step the group is placed. */
const GROUP_DROP = 200;

export interface RepeatGroup {
  loop: Omit<StepNode, 'data'> & { data: StepNode['data'] };
  /** New positions of the group's steps. */
  moved: Map<string, XYPosition>;
  edges: StepEdge[];
}

/** The group's steps in the order they run (first step first), or a plain reason why they can't be one group. */
export function orderGroup(ids: string[], steps: StepNode[], edges: StepEdge[], catalog: Map<string, CatalogEntry>): string[] | string {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const group = new Set(ids.filter((id) => byId.has(id)));
  if (group.size === 0) return 'Select the steps to repeat first (Shift+click each, or Shift+drag a box around them).';
  const name = (id: string) => `“${byId.get(id)?.data.name ?? id}”`;
  for (const id of group) {
    const step = byId.get(id)!;
    if (catalog.get(step.data.type)?.category === 'trigger') {
      return `${name(id)} is a trigger: it starts the workflow and cannot be repeated. Select only the steps after it.`;
    }
  }
  const inner = edges.filter((e) => group.has(e.source) && group.has(e.target));
  const entries = [...group].filter((id) => !inner.some((e) => e.target === id));
  if (entries.length !== 1) {
    return entries.length === 0
      ? 'The selected steps loop back on themselves. Select steps that follow one another.'
      : `The selected steps are not one path: ${entries.map(name).join(' and ')} both start it. Select steps that follow one another, or connect them first.`;
  }
  const ends = [...group].filter((id) => !inner.some((e) => e.source === id));
  if (ends.length !== 1) {
    return `The selected steps must end in one step, whose items each round gives back; here ${ends.map(name).join(' and ')} all end it.`;
  }
  for (const edge of edges) {
    if (!group.has(edge.source) && group.has(edge.target) && edge.target !== entries[0]) {
      return `${name(edge.source)}, outside the selection, connects into ${name(edge.target)} in its middle. Select the steps from where the connection comes in, or remove it.`;
    }
    if (group.has(edge.source) && !group.has(edge.target) && edge.source !== ends[0]) {
      return `${name(edge.source)}, in the middle of the selection, also connects to ${name(edge.target)} outside it. Select that step too, or remove the connection.`;
    }
  }
  // First step first, then each step after all that feed it (Kahn's order inside the group).
  const order: string[] = [];
  const waiting = new Map([...group].map((id) => [id, inner.filter((e) => e.target === id).length]));
  const queue = [entries[0]];
  while (queue.length > 0) {
    const id = queue.shift()!;
    order.push(id);
    for (const edge of inner) {
      if (edge.source !== id) continue;
      const left = waiting.get(edge.target)! - 1;
      waiting.set(edge.target, left);
      if (left === 0) queue.push(edge.target);
    }
  }
  if (order.length !== group.size) {
    const off = [...group].filter((id) => !order.includes(id));
    return `${off.map(name).join(', ')} ${off.length === 1 ? 'is' : 'are'} not on the path from ${name(entries[0])}. Select steps that follow one another.`;
  }
  return order;
}

/** The Repeat until step and the edges after grouping, or a plain reason. `newId` makes fresh ids. */
export function repeatGroup(
  ids: string[],
  steps: StepNode[],
  edges: StepEdge[],
  catalog: Map<string, CatalogEntry>,
  make: { newId: (prefix: 'n' | 'e') => string; name: string; defaults: Record<string, unknown> },
): RepeatGroup | string {
  const type = catalog.get(REPEAT_TYPE);
  if (!type) return 'This TaskMaster has no “Repeat until” step.';
  const order = orderGroup(ids, steps, edges, catalog);
  if (typeof order === 'string') return order;
  const group = new Set(order);
  const first = order[0];
  const last = order[order.length - 1];
  const byId = new Map(steps.map((s) => [s.id, s]));
  const loopId = make.newId('n');
  const position = byId.get(first)!.position;
  const loop: RepeatGroup['loop'] = {
    id: loopId,
    type: 'step',
    position: { ...position },
    selected: true,
    data: {
      type: type.id,
      typeVersion: type.version,
      name: make.name,
      config: { ...make.defaults, repeat: 'steps', steps: order },
      settings: { retries: 0, retryBackoffMs: 1000, timeoutMs: 0, onError: 'stop' },
    },
  };
  const moved = new Map<string, XYPosition>();
  for (const id of order) {
    const p = byId.get(id)!.position;
    moved.set(id, { x: p.x, y: p.y + GROUP_DROP });
  }
  const seen = new Set<string>();
  const next: StepEdge[] = [];
  for (const edge of edges) {
    const into = !group.has(edge.source) && edge.target === first;
    const outOf = edge.source === last && !group.has(edge.target);
    if (!into && !outOf) {
      next.push(edge);
      continue;
    }
    const rewired = into
      ? { ...edge, target: loopId, targetHandle: 'main' }
      : { ...edge, source: loopId, sourceHandle: type.outputs[0]?.id ?? 'main' };
    const key = `${rewired.source}\0${rewired.sourceHandle}\0${rewired.target}\0${rewired.targetHandle}`;
    if (seen.has(key)) continue;
    seen.add(key);
    next.push({ ...rewired, id: make.newId('e'), selected: false });
  }
  return { loop, moved, edges: next };
}

/** The groups on the canvas as one string (loop name and its step ids): changes only when a group does. */
export function repeatedGroupsKey(steps: StepNode[]): string {
  const parts: string[] = [];
  for (const step of steps) {
    const body = bodyOf(step.data);
    if (body && body.length > 0) parts.push(JSON.stringify([step.data.name, body]));
  }
  return parts.join('\n');
}

/** Step id → the name of the Repeat until step that repeats it, from `repeatedGroupsKey`. */
export function repeatedByOf(key: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of key ? key.split('\n') : []) {
    const [name, ids] = JSON.parse(line) as [string, string[]];
    for (const id of ids) map.set(id, name);
  }
  return map;
}

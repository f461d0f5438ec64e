/**
 * Builds test graphs from a compact edge list that mirrors the ASCII diagram above each test:
 * `'t>a, a.true>b, a.false>c, b>m.a, c>m.b'` means t→a, a's "true" output → b, … b → m's input "a".
 * Node types come from the name: `t…` is a trigger, `if…` has true/false outputs, `m…` (merge)
 * has inputs a and b; everything else has one input and one output called main.
 */
import { z } from 'zod';
import type { NodeDefinition } from '../../../nodes/types';
import { workflowDocumentSchema, type WorkflowDocument } from '../../../core/document';
import { buildGraph, type Graph } from '../../../core/graph';

const base = {
  version: 1,
  group: 'Flow' as const,
  description: 'test node',
  icon: 'box',
  config: z.object({}),
  async execute() {
    return { outputs: {} };
  },
};

export const testTypes: Record<string, NodeDefinition> = {
  trigger: { ...base, id: 'trigger', category: 'trigger', displayName: 'Trigger', inputs: [], outputs: [{ id: 'main', label: '' }] },
  step: {
    ...base,
    id: 'step',
    category: 'action',
    displayName: 'Step',
    inputs: [{ id: 'main', label: '' }],
    outputs: [{ id: 'main', label: '' }],
  },
  if: {
    ...base,
    id: 'if',
    category: 'action',
    displayName: 'IF',
    inputs: [{ id: 'main', label: '' }],
    outputs: [
      { id: 'true', label: 'true' },
      { id: 'false', label: 'false' },
    ],
  },
  merge: {
    ...base,
    id: 'merge',
    category: 'action',
    displayName: 'Merge',
    inputs: [
      { id: 'a', label: 'Input 1' },
      { id: 'b', label: 'Input 2' },
    ],
    outputs: [{ id: 'main', label: '' }],
  },
  needsUrl: {
    ...base,
    id: 'needsUrl',
    category: 'action',
    displayName: 'Needs URL',
    config: z.object({ url: z.url() }),
    inputs: [{ id: 'main', label: '' }],
    outputs: [{ id: 'main', label: '' }],
  },
};

export const lookup = (type: string) => testTypes[type];

function typeFor(name: string): string {
  if (name.startsWith('t')) return 'trigger';
  if (name.startsWith('if')) return 'if';
  if (name.startsWith('m')) return 'merge';
  return 'step';
}

/** A document from the edge list; `extra` lists nodes with no connections. */
export function diagram(edges: string, extra: string[] = []): WorkflowDocument {
  const names = new Set<string>(extra);
  const parsedEdges = edges
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec, i) => {
      const [from, to] = spec.split('>');
      const [source, sourceHandle = 'main'] = from.split('.');
      const [target, targetHandle = 'main'] = to.split('.');
      names.add(source);
      names.add(target);
      return { id: `e${i}`, source, sourceHandle, target, targetHandle };
    });
  return workflowDocumentSchema.parse({
    name: 'test',
    nodes: [...names].map((name) => ({ id: name, name, type: typeFor(name) })),
    edges: parsedEdges,
  });
}

export function graphOf(edges: string, extra: string[] = []): Graph {
  return buildGraph(diagram(edges, extra));
}

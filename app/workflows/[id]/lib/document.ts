/** Converts between the saved workflow document and the canvas's nodes and edges. */
import type { WorkflowDocument } from '../../../lib/api-types';
import type { DocumentMeta, StepEdge, StepNode } from './types';

export function toFlow(doc: WorkflowDocument): { meta: DocumentMeta; nodes: StepNode[]; edges: StepEdge[] } {
  const { nodes, edges, ...meta } = doc;
  return {
    meta,
    nodes: nodes.map((n) => ({
      id: n.id,
      type: 'step',
      position: n.position,
      data: {
        type: n.type,
        typeVersion: n.typeVersion,
        name: n.name,
        config: n.config,
        settings: n.settings,
        ...(n.notes ? { notes: n.notes } : {}),
        ...(n.disabled ? { disabled: true } : {}),
        ...(n.pinnedOutput ? { pinnedOutput: n.pinnedOutput } : {}),
      },
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle,
      target: e.target,
      targetHandle: e.targetHandle,
    })),
  };
}

/** The document to save or run; only saveable fields, in a stable order (used to spot changes). */
export function toDocument(meta: DocumentMeta, nodes: StepNode[], edges: StepEdge[]): WorkflowDocument {
  return {
    ...meta,
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.data.type,
      typeVersion: n.data.typeVersion,
      name: n.data.name,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      config: n.data.config,
      settings: n.data.settings,
      ...(n.data.notes?.trim() ? { notes: n.data.notes } : {}),
      ...(n.data.disabled ? { disabled: true } : {}),
      ...(n.data.pinnedOutput ? { pinnedOutput: n.data.pinnedOutput } : {}),
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle ?? 'main',
      target: e.target,
      targetHandle: e.targetHandle ?? 'main',
    })),
  };
}

/** "Set fields", then "Set fields 2", "Set fields 3"… so every step has its own name. */
export function uniqueName(base: string, nodes: StepNode[]): string {
  const taken = new Set(nodes.map((n) => n.data.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`)) return `${base} ${i}`;
}

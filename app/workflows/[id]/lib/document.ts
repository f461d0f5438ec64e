/** Converts between the saved workflow document and the canvas's nodes and edges. */
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '../../../lib/api-types';
import { isStep, isSticky, type CanvasNode, type DocumentMeta, type StepEdge, type StepNode, type StickyNode } from './types';

type StickyNote = WorkflowDocument['notes'][number];

export function stepFromDocument(n: WorkflowNode): StepNode {
  return {
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
  };
}

export function stickyFromDocument(note: StickyNote): StickyNode {
  // Notes sit behind the steps; width and height are the note's own size, kept when saved.
  return {
    id: note.id,
    type: 'sticky',
    position: note.position,
    width: note.width,
    height: note.height,
    zIndex: -1,
    data: { text: note.text },
  };
}

export function edgeFromDocument(e: WorkflowEdge): StepEdge {
  return { id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: e.targetHandle };
}

export function toFlow(doc: WorkflowDocument): { meta: DocumentMeta; nodes: CanvasNode[]; edges: StepEdge[] } {
  const { nodes, edges, notes, ...meta } = doc;
  return {
    meta,
    nodes: [...(notes ?? []).map(stickyFromDocument), ...nodes.map(stepFromDocument)],
    edges: edges.map(edgeFromDocument),
  };
}

// The document is rebuilt on every change of the canvas (each drag step, each selection), to
// tell whether there are unsaved changes; most steps are unchanged, so their part is reused.
const stepDocuments = new WeakMap<StepNode['data'], { position: StepNode['position']; doc: WorkflowNode }>();

export function stepToDocument(n: StepNode): WorkflowNode {
  const known = stepDocuments.get(n.data);
  if (known && known.position === n.position) return known.doc;
  const doc = stepDocument(n);
  stepDocuments.set(n.data, { position: n.position, doc });
  return doc;
}

function stepDocument(n: StepNode): WorkflowNode {
  return {
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
  };
}

export function stickyToDocument(n: StickyNode): StickyNote {
  return {
    id: n.id,
    text: n.data.text,
    position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    width: Math.round(n.width ?? n.measured?.width ?? 220),
    height: Math.round(n.height ?? n.measured?.height ?? 140),
  };
}

export function edgeToDocument(e: StepEdge): WorkflowEdge {
  return { id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? 'main', target: e.target, targetHandle: e.targetHandle ?? 'main' };
}

const sameEdge = (a: StepEdge, b: StepEdge) =>
  a === b ||
  (a.id === b.id &&
    a.source === b.source &&
    a.target === b.target &&
    a.sourceHandle === b.sourceHandle &&
    a.targetHandle === b.targetHandle);

/** The canvas as the editor holds it: what `toDocument` is made from. */
export interface FlowState {
  meta: DocumentMeta;
  nodes: CanvasNode[];
  edges: StepEdge[];
}

/**
 * Whether two states of the canvas make the same document apart from where steps sit (and which
 * are selected): problems never depend on a position, so a drag needs no new check. Compares by
 * reference (a step's `data` is replaced on each edit), so it costs one pass without copying.
 */
export function sameContent(a: FlowState, b: FlowState): boolean {
  if (a.meta !== b.meta || a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x === y) continue;
    if (x.id !== y.id || x.type !== y.type || x.data !== y.data) return false;
    if (isSticky(x) && (x.width !== y.width || x.height !== y.height)) return false;
  }
  for (let i = 0; i < a.edges.length; i++) if (!sameEdge(a.edges[i], b.edges[i])) return false;
  return true;
}

/**
 * Whether two documents made by `toDocument` are the same text: steps by reference (their parts
 * are reused while unchanged), connections and notes by value. Lets the editor skip writing out
 * the whole document when only the selection changed.
 */
export function sameDocument(a: WorkflowDocument, b: WorkflowDocument): boolean {
  if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false;
  for (let i = 0; i < a.nodes.length; i++) if (a.nodes[i] !== b.nodes[i]) return false;
  for (let i = 0; i < a.edges.length; i++) if (!sameEdge(a.edges[i], b.edges[i])) return false;
  return JSON.stringify(a.notes) === JSON.stringify(b.notes);
}

/** The document to save or run; only saveable fields, in a stable order (used to spot changes). */
export function toDocument(meta: DocumentMeta, nodes: CanvasNode[], edges: StepEdge[]): WorkflowDocument {
  return {
    ...meta,
    nodes: nodes.filter(isStep).map(stepToDocument),
    edges: edges.map(edgeToDocument),
    notes: nodes.filter(isSticky).map(stickyToDocument),
  };
}

/** "Set fields", then "Set fields 2", "Set fields 3"… so every step has its own name. */
export function uniqueName(base: string, nodes: CanvasNode[]): string {
  const taken = new Set(nodes.filter(isStep).map((n) => n.data.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`)) return `${base} ${i}`;
}

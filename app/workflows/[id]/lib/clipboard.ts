/**
 * Copy and paste of steps: the selection travels as JSON text (the system clipboard when the
 * browser allows it, else localStorage), so it can be pasted into another workflow too.
 */
import { z } from 'zod';
import { stickyNoteSchema, workflowEdgeSchema, workflowNodeSchema } from '@/core/document';
import { newId } from '../../lib/ids';
import { edgeToDocument, stepFromDocument, stepToDocument, stickyFromDocument, stickyToDocument, uniqueName } from './document';
import { isStep, isSticky, type CanvasNode, type StepEdge } from './types';

export const CLIPBOARD_KIND = 'taskmaster-steps';
const STORAGE_KEY = 'taskmaster.clipboard';

const clipboardSchema = z.object({
  kind: z.literal(CLIPBOARD_KIND),
  version: z.literal(1),
  nodes: z.array(workflowNodeSchema),
  edges: z.array(workflowEdgeSchema),
  notes: z.array(stickyNoteSchema).default([]),
});
export type ClipboardContent = z.infer<typeof clipboardSchema>;

/** The selected steps and notes, with only the connections that run between them. */
export function copySelection(nodes: CanvasNode[], edges: StepEdge[]): ClipboardContent | null {
  const selected = nodes.filter((n) => n.selected);
  if (selected.length === 0) return null;
  const ids = new Set(selected.map((n) => n.id));
  return {
    kind: CLIPBOARD_KIND,
    version: 1,
    nodes: selected.filter(isStep).map(stepToDocument),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(edgeToDocument),
    notes: selected.filter(isSticky).map(stickyToDocument),
  };
}

/** Null unless the text is a TaskMaster selection. */
export function parseClipboard(text: string | null | undefined): ClipboardContent | null {
  if (!text || !text.trimStart().startsWith('{')) return null;
  try {
    const parsed = clipboardSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** How far a paste moves on while it would cover steps already there (two grid cells). */
export const PASTE_STEP = 40;
const SAME_SPOT = PASTE_STEP / 2;

/**
 * `offset`, moved down and right by PASTE_STEP until no copied step or note lands on (the top
 * left corner of) one already on the canvas: pasting twice, or where the originals are, never
 * hides one step exactly under another.
 */
export function freeOffset(content: ClipboardContent, existing: CanvasNode[], offset: { x: number; y: number }): { x: number; y: number } {
  const taken = existing.map((n) => n.position);
  const copied = [...content.nodes, ...content.notes].map((n) => n.position);
  const covers = (dx: number, dy: number) =>
    copied.some((p) => taken.some((t) => Math.abs(p.x + dx - t.x) < SAME_SPOT && Math.abs(p.y + dy - t.y) < SAME_SPOT));
  let { x, y } = offset;
  // Bounded: a canvas has finitely many steps, so a free spot comes within that many moves.
  for (let tries = 0; tries <= existing.length && covers(x, y); tries++) {
    x += PASTE_STEP;
    y += PASTE_STEP;
  }
  return { x, y };
}

/**
 * The copied steps as new canvas nodes: new ids (connections follow them), names made unique
 * among `existing`, moved by `offset` (further when they would cover steps there), and selected.
 */
export function pasteNodes(
  content: ClipboardContent,
  existing: CanvasNode[],
  wantedOffset: { x: number; y: number },
): { nodes: CanvasNode[]; edges: StepEdge[] } {
  const offset = freeOffset(content, existing, wantedOffset);
  const ids = new Map<string, string>();
  const placed: CanvasNode[] = [];
  const all = [...existing];
  for (const n of content.nodes) {
    const id = newId('n');
    ids.set(n.id, id);
    const node = stepFromDocument({
      ...n,
      id,
      name: uniqueName(n.name, all),
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    });
    node.selected = true;
    placed.push(node);
    all.push(node);
  }
  for (const note of content.notes) {
    const sticky = stickyFromDocument({
      ...note,
      id: newId('note'),
      position: { x: note.position.x + offset.x, y: note.position.y + offset.y },
    });
    sticky.selected = true;
    placed.push(sticky);
  }
  const edges: StepEdge[] = [];
  for (const e of content.edges) {
    const source = ids.get(e.source);
    const target = ids.get(e.target);
    if (source && target) edges.push({ id: newId('e'), source, sourceHandle: e.sourceHandle, target, targetHandle: e.targetHandle });
  }
  return { nodes: placed, edges };
}

/** Writes the selection to the system clipboard when allowed, and always to localStorage. */
export async function writeClipboard(content: ClipboardContent): Promise<void> {
  const text = JSON.stringify(content, null, 2);
  try {
    window.localStorage.setItem(STORAGE_KEY, text);
  } catch {
    // Private windows may refuse storage; the system clipboard may still work.
  }
  try {
    await navigator.clipboard?.writeText(text);
  } catch {
    // Not allowed here: localStorage carries it.
  }
}

/** The selection kept in localStorage by the last copy (works between workflows in this browser). */
export function storedClipboard(): ClipboardContent | null {
  try {
    return parseClipboard(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/** Reads steps from the system clipboard when allowed, else from localStorage. */
export async function readClipboard(): Promise<ClipboardContent | null> {
  try {
    const fromSystem = parseClipboard(await navigator.clipboard?.readText());
    if (fromSystem) return fromSystem;
  } catch {
    // Reading needs a permission the browser may not give.
  }
  return storedClipboard();
}

/**
 * Which handles a step shows, and where they sit before the step has been drawn.
 *
 * A large canvas draws only the steps in view (`onlyRenderVisibleElements`). React Flow still has
 * to draw every step once to measure it, unless it is told the step's size and handle positions
 * up front; with 1,000 steps that first draw is most of the time to open the workflow. So a
 * step that has not been drawn yet carries an estimate (`measured`, `handles`), good enough for
 * fitting the view, the overview map and the end of an edge that leads off screen. When a step
 * comes into view React Flow measures it and uses the real values from then on.
 */
import type { NodeHandle } from '@xyflow/react';
import { Position } from '@xyflow/react';
import type { CatalogEntry } from '../../../lib/api-types';
import type { CanvasNode, StepNode } from './types';

/**
 * From this many steps on, the canvas draws only the steps in view. Below it every step stays in
 * the page (found by the browser's search, reachable with Tab, as before); above it, mounting
 * and updating every step makes each pan and drag frame cost the whole graph.
 */
export const DRAW_ONLY_VISIBLE_FROM = 200;

export interface HandleRow {
  id: string;
  label: string;
}

/** The outputs a step shows: with an error output, the plain output needs a name too. */
export function outputHandles(outputs: HandleRow[], onError: string): HandleRow[] {
  if (onError !== 'errorOutput') return outputs;
  return [...outputs.map((h) => (h.label ? h : { ...h, label: 'success' })), { id: 'error', label: 'error' }];
}

/** Whether the handles are drawn in labelled rows (several, or any with a name). */
export function hasLabelledRows(inputs: HandleRow[], outputs: HandleRow[]): boolean {
  return inputs.length > 1 || outputs.length > 1 || [...inputs, ...outputs].some((h) => h.label);
}

// The step's box as step-node.tsx draws it (Tailwind sizes in px).
const WIDTH = 240; // w-60
const BORDER = 2; // border-2
const HEADER = 56; // py-2.5 around a 20 px and a 16 px line
const ROW = 24; // h-6
const ROWS_PAD = 1 + 4; // border-t, py-1
const NOTE_ROW = 1 + 8 + 16; // border-t, py-1, one text-xs line
const HANDLE = 12; // globals.css

function handle(id: string, type: 'source' | 'target', centreY: number): NodeHandle {
  const centreX = type === 'target' ? BORDER : WIDTH - BORDER;
  return {
    id,
    type,
    position: type === 'target' ? Position.Left : Position.Right,
    x: centreX - HANDLE / 2,
    y: centreY - HANDLE / 2,
    width: HANDLE,
    height: HANDLE,
  };
}

/** The step with an estimate of its size and handles (for steps not measured yet). */
export function withEstimate(node: StepNode, catalog: Map<string, CatalogEntry>): StepNode {
  const type = catalog.get(node.data.type);
  const inputs: HandleRow[] = type?.inputs ?? [];
  const outputs = outputHandles(type?.outputs ?? [], node.data.settings.onError);
  const labelled = hasLabelledRows(inputs, outputs);
  const rows = labelled ? Math.max(inputs.length, outputs.length) : 0;
  const top = BORDER + HEADER;
  const rowsHeight = rows > 0 ? ROWS_PAD + rows * ROW + 4 : 0;
  const height = top + rowsHeight + (node.data.notes ? NOTE_ROW : 0) + BORDER;
  const handles: NodeHandle[] = [];
  if (rows > 0) {
    const rowCentre = (i: number) => top + ROWS_PAD + i * ROW + ROW / 2;
    inputs.forEach((h, i) => handles.push(handle(h.id, 'target', rowCentre(i))));
    outputs.forEach((h, i) => handles.push(handle(h.id, 'source', rowCentre(i))));
  } else {
    if (inputs[0]) handles.push(handle(inputs[0].id, 'target', height / 2));
    if (outputs[0]) handles.push(handle(outputs[0].id, 'source', height / 2));
  }
  return { ...node, measured: { width: WIDTH, height }, handles };
}

/** The nodes without estimated handle positions (React Flow keeps its own copy until it measures). */
export function dropHandleEstimates(nodes: CanvasNode[]): CanvasNode[] {
  return nodes.map((n) => {
    if (!n.handles) return n;
    const { handles: _estimate, ...rest } = n;
    return rest as CanvasNode;
  });
}

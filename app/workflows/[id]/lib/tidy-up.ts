/**
 * "Tidy up": places the steps left to right by how they connect, notes stay put.
 * dagre draws small and middle-sized workflows well, but its time grows much faster than the
 * number of steps (2.5 s at 1,000 in a chain) and its recursion overflows the stack at 2,000:
 * past DAGRE_UP_TO steps a linear layering of our own places them instead.
 */
import type Dagre from '@dagrejs/dagre';
import type { XYPosition } from '@xyflow/react';
import { layerSteps } from './layers';
import type { StepEdge, StepNode } from './types';

const GAP_BETWEEN_COLUMNS = 100;
const GAP_BETWEEN_ROWS = 50;
export const DAGRE_UP_TO = 300;

const size = (s: StepNode) => ({ width: s.measured?.width ?? 240, height: s.measured?.height ?? 64 });

// dagre is about 210 KB of script that only Tidy up needs: it is loaded on first use
// (loadTidyUp), not with the editor, which every workflow opening would pay for.
let dagre: typeof Dagre | undefined;

/** tidyPositions, once the layout code it needs is loaded. */
export async function loadTidyUp(): Promise<typeof tidyPositions> {
  dagre ??= (await import('@dagrejs/dagre')).default;
  return tidyPositions;
}

/** Centres of the steps, by dagre. */
function dagreCentres(dagre: typeof Dagre, steps: StepNode[], edges: StepEdge[]): Map<string, XYPosition> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: GAP_BETWEEN_ROWS, ranksep: GAP_BETWEEN_COLUMNS, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(steps.map((s) => s.id));
  for (const s of steps) graph.setNode(s.id, size(s));
  for (const e of edges) if (ids.has(e.source) && ids.has(e.target)) graph.setEdge(e.source, e.target);
  dagre.layout(graph);
  return new Map(steps.map((s) => [s.id, { x: graph.node(s.id).x, y: graph.node(s.id).y }]));
}

/** Centres of the steps in columns by layer, rows in the order the layering met them: O(steps + connections). */
function layeredCentres(steps: StepNode[], edges: StepEdge[]): Map<string, XYPosition> {
  const columns = layerSteps(
    steps.map((s) => s.id),
    edges,
  );
  const byId = new Map(steps.map((s) => [s.id, s]));
  const centres = new Map<string, XYPosition>();
  let x = 0;
  for (const column of columns) {
    let width = 0;
    for (const id of column) width = Math.max(width, size(byId.get(id)!).width);
    let y = 0;
    for (const id of column) {
      const { height } = size(byId.get(id)!);
      centres.set(id, { x: x + width / 2, y: y + height / 2 });
      y += height + GAP_BETWEEN_ROWS;
    }
    x += width + GAP_BETWEEN_COLUMNS;
  }
  return centres;
}

/**
 * New top-left positions for the given steps, keeping the drawing's top-left corner where it was.
 * Use the function loadTidyUp gives: before dagre is loaded, small workflows get the plain layering.
 */
export function tidyPositions(steps: StepNode[], edges: StepEdge[]): Map<string, XYPosition> {
  const positions = new Map<string, XYPosition>();
  if (steps.length === 0) return positions;
  const centres = steps.length <= DAGRE_UP_TO && dagre ? dagreCentres(dagre, steps, edges) : layeredCentres(steps, edges);
  // A loop rather than Math.min(...list): spreading 100,000 arguments overflows the stack.
  let left = Infinity;
  let top = Infinity;
  for (const s of steps) {
    left = Math.min(left, s.position.x);
    top = Math.min(top, s.position.y);
  }
  for (const s of steps) {
    const placed = centres.get(s.id)!;
    const { width, height } = size(s);
    // Centres in, top-left corners on the 20 px grid out (React Flow's).
    positions.set(s.id, { x: Math.round((left + placed.x - width / 2) / 20) * 20, y: Math.round((top + placed.y - height / 2) / 20) * 20 });
  }
  return positions;
}

/** "Tidy up": places the steps left to right by how they connect (dagre), notes stay put. */
import dagre from '@dagrejs/dagre';
import type { XYPosition } from '@xyflow/react';
import type { StepEdge, StepNode } from './types';

const GAP_BETWEEN_COLUMNS = 100;
const GAP_BETWEEN_ROWS = 50;

/** New top-left positions for the given steps, keeping the drawing's top-left corner where it was. */
export function tidyPositions(steps: StepNode[], edges: StepEdge[]): Map<string, XYPosition> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: GAP_BETWEEN_ROWS, ranksep: GAP_BETWEEN_COLUMNS, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(steps.map((s) => s.id));
  const size = (s: StepNode) => ({ width: s.measured?.width ?? 240, height: s.measured?.height ?? 64 });
  for (const s of steps) graph.setNode(s.id, size(s));
  for (const e of edges) if (ids.has(e.source) && ids.has(e.target)) graph.setEdge(e.source, e.target);
  dagre.layout(graph);

  const positions = new Map<string, XYPosition>();
  if (steps.length === 0) return positions;
  const left = Math.min(...steps.map((s) => s.position.x));
  const top = Math.min(...steps.map((s) => s.position.y));
  for (const s of steps) {
    const placed = graph.node(s.id);
    const { width, height } = size(s);
    // dagre gives centres; React Flow wants top-left corners on the 20 px grid.
    positions.set(s.id, { x: Math.round((left + placed.x - width / 2) / 20) * 20, y: Math.round((top + placed.y - height / 2) / 20) * 20 });
  }
  return positions;
}

/**
 * Where the canvas looks when a workflow opens. Fitting a big graph (a template, an imported
 * workflow) whole makes its text too small to read; then the canvas opens at a readable zoom on
 * the graph's start (its triggers) instead, and the rest is a pan away.
 */
import { getViewportForBounds, type Rect, type Viewport } from '@xyflow/react';

/** Below this zoom a step's name is hard to read. */
export const LEGIBLE_ZOOM = 0.6;
export const OPEN_PADDING = 0.12;
const MAX_OPEN_ZOOM = 1;
/** Screen pixels kept free between the canvas edge and the graph's start. */
const EDGE_GAP = 48;

/** The opening viewport: all of `graph` when that is readable, else `start` at a readable zoom, left-aligned with the graph. */
export function openingViewport(graph: Rect, start: Rect, size: { width: number; height: number }): Viewport {
  const whole = getViewportForBounds(graph, size.width, size.height, 0.01, MAX_OPEN_ZOOM, OPEN_PADDING);
  if (whole.zoom >= LEGIBLE_ZOOM) return whole;
  const zoom = LEGIBLE_ZOOM;
  const x = EDGE_GAP - graph.x * zoom;
  const fitsTall = start.height * zoom <= size.height - 2 * EDGE_GAP;
  const y = fitsTall ? size.height / 2 - (start.y + start.height / 2) * zoom : EDGE_GAP - start.y * zoom;
  return { x, y, zoom };
}

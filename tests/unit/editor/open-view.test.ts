/** Where the canvas looks when a workflow opens. */
import { describe, expect, it } from 'vitest';
import { LEGIBLE_ZOOM, openingViewport } from '../../../app/workflows/[id]/lib/open-view';

const size = { width: 1000, height: 600 };

describe('opening viewport', () => {
  it('fits a small graph whole, at most at full size', () => {
    const view = openingViewport({ x: 0, y: 0, width: 560, height: 60 }, { x: 0, y: 0, width: 240, height: 60 }, size);
    expect(view.zoom).toBe(1);
  });

  it('opens a graph too wide to read whole at a readable zoom, its start at the left and its triggers centred', () => {
    const graph = { x: 0, y: 0, width: 6000, height: 400 };
    const triggers = { x: 0, y: 300, width: 240, height: 60 };
    const view = openingViewport(graph, triggers, size);
    expect(view.zoom).toBe(LEGIBLE_ZOOM);
    // The graph's left edge lands just inside the canvas; the triggers' middle at mid-height.
    expect(view.x).toBeGreaterThan(0);
    expect(view.x).toBeLessThan(100);
    expect(view.y + (triggers.y + triggers.height / 2) * view.zoom).toBeCloseTo(size.height / 2);
  });
});

/** Pasting copied steps: never exactly on top of steps already on the canvas. */
import { describe, expect, it } from 'vitest';
import { CLIPBOARD_KIND, pasteNodes, type ClipboardContent } from '../../../app/workflows/[id]/lib/clipboard';
import type { CanvasNode } from '../../../app/workflows/[id]/lib/types';
import { workflowNodeSchema } from '../../../core/document';

const copied: ClipboardContent = {
  kind: CLIPBOARD_KIND,
  version: 1,
  nodes: [workflowNodeSchema.parse({ id: 'a', type: 'no-op', name: 'Step A', position: { x: 320, y: 0 } })],
  edges: [],
  notes: [],
};

function pasteInto(canvas: CanvasNode[], offset = { x: 0, y: 0 }): CanvasNode[] {
  return [...canvas, ...pasteNodes(copied, canvas, offset).nodes];
}

describe('pasting steps', () => {
  it('moves a paste that would land exactly on a step already there', () => {
    const once = pasteInto([]);
    expect(once.map((n) => n.position)).toEqual([{ x: 320, y: 0 }]);
    const twice = pasteInto(once);
    const thrice = pasteInto(twice);
    const spots = thrice.map((n) => `${n.position.x},${n.position.y}`);
    expect(new Set(spots).size).toBe(3);
    expect(spots).toEqual(['320,0', '360,40', '400,80']);
  });

  it('keeps the wanted offset where it covers nothing', () => {
    const canvas = pasteInto([]);
    expect(pasteNodes(copied, canvas, { x: 40, y: 40 }).nodes[0].position).toEqual({ x: 360, y: 40 });
  });

  it('finds a free spot among many steps stacked on the diagonal', () => {
    let canvas: CanvasNode[] = [];
    for (let i = 0; i < 25; i++) canvas = pasteInto(canvas);
    const spots = new Set(canvas.map((n) => `${n.position.x},${n.position.y}`));
    expect(spots.size).toBe(25);
  });
});

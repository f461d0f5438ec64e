/**
 * What keeps a large canvas cheap to drag and pan: telling a move from an edit (no new check, no
 * new text of the document) and drawing the overview map's boxes as a few paths.
 */
import { describe, expect, it } from 'vitest';
import { sameContent, sameDocument, toDocument, toFlow } from '../../../app/workflows/[id]/lib/document';
import { boxPaths, drawnCount } from '../../../app/workflows/[id]/lib/overview-boxes';
import type { CanvasNode } from '../../../app/workflows/[id]/lib/types';
import type { WorkflowDocument } from '../../../app/lib/api-types';
import { workflowDocumentSchema } from '../../../core/document';

const doc: WorkflowDocument = workflowDocumentSchema.parse({
  name: 'w',
  nodes: [
    { id: 'a', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 } },
    { id: 'b', type: 'no-op', name: 'B', position: { x: 300, y: 0 } },
  ],
  edges: [{ id: 'e1', source: 'a', target: 'b' }],
  notes: [{ id: 'n1', text: 'hi', position: { x: 0, y: 200 }, width: 200, height: 100 }],
});

const moved = (nodes: CanvasNode[], id: string) => nodes.map((n) => (n.id === id ? { ...n, position: { x: n.position.x + 40, y: 7 } } : n));

describe('telling a move from an edit', () => {
  const flow = toFlow(doc);

  it('a moved or selected step leaves the content the same', () => {
    const after = { ...flow, nodes: moved(flow.nodes, 'b').map((n) => (n.id === 'a' ? { ...n, selected: true } : n)) };
    expect(sameContent(flow, after)).toBe(true);
  });

  it('a renamed step, a new connection, a removed step or a resized note is a change', () => {
    const renamed = flow.nodes.map((n) => (n.id === 'b' && n.type === 'step' ? { ...n, data: { ...n.data, name: 'C' } } : n));
    expect(sameContent(flow, { ...flow, nodes: renamed })).toBe(false);
    expect(sameContent(flow, { ...flow, edges: [...flow.edges, { id: 'e2', source: 'b', target: 'a' }] })).toBe(false);
    expect(sameContent(flow, { ...flow, edges: [{ ...flow.edges[0], target: 'a' }] })).toBe(false);
    expect(sameContent(flow, { ...flow, nodes: flow.nodes.slice(1) })).toBe(false);
    const resized = flow.nodes.map((n) => (n.type === 'sticky' ? { ...n, width: 300 } : n));
    expect(sameContent(flow, { ...flow, nodes: resized })).toBe(false);
    expect(sameContent(flow, { ...flow, meta: { ...flow.meta, name: 'other' } })).toBe(false);
  });

  it('a new selection gives the same document text; a move does not', () => {
    const before = toDocument(flow.meta, flow.nodes, flow.edges);
    const selected = flow.nodes.map((n) => ({ ...n, selected: true }));
    const again = toDocument(
      flow.meta,
      selected,
      flow.edges.map((e) => ({ ...e, selected: true })),
    );
    expect(sameDocument(before, again)).toBe(true);
    expect(JSON.stringify(again)).toBe(JSON.stringify(before));
    const after = toDocument(flow.meta, moved(flow.nodes, 'b'), flow.edges);
    expect(sameDocument(before, after)).toBe(false);
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
  });
});

describe('overview map boxes', () => {
  const node = (id: string, x: number, y: number, measured?: { width: number; height: number }): CanvasNode => ({
    id,
    type: 'sticky',
    position: { x, y },
    data: { text: '' },
    ...(measured ? { measured } : {}),
  });

  it('draws one box per sized node, grouped by colour, and covers them all', () => {
    const nodes = [
      node('a', 0, 0, { width: 240, height: 60 }),
      node('b', 300, 100, { width: 240, height: 84 }),
      node('c', 600, -20, { width: 240, height: 60 }),
      node('unsized', 5000, 5000),
    ];
    const { paths, bounds } = boxPaths(nodes, (n) => (n.id === 'b' ? 'red' : 'grey'));
    expect(paths.get('grey')).toBe('M0,0h240v60h-240zM600,-20h240v60h-240z');
    expect(paths.get('red')).toBe('M300,100h240v84h-240z');
    expect(bounds).toEqual({ x: 0, y: -20, width: 840, height: 204 });
    expect(drawnCount(nodes)).toBe(3);
  });

  it('has no bounds for nothing to draw', () => {
    expect(boxPaths([], () => 'grey')).toEqual({ paths: new Map(), bounds: null });
  });
});

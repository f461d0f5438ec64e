import { describe, expect, it } from 'vitest';
import { topologicalOrder } from '../../../core/graph';
import { validateDocument } from '../../../core/validate';
import { diagram, graphOf, lookup } from './diagram';

const codes = (raw: unknown) => {
  const result = validateDocument(raw, lookup);
  return result.problems.map((p) => [p.code, p.edgeId ?? p.nodeId ?? null]);
};

describe('validation', () => {
  it('accepts a well-formed diamond', () => {
    //  t ─► a ─► c
    //    └─► b ─┘
    expect(validateDocument(diagram('t>a, t>b, a>c, b>c'), lookup)).toMatchObject({ ok: true, problems: [] });
  });

  it('rejects a cycle and names every node on it', () => {
    //  t ─► a ─► b ─► c
    //         ▲       │
    //         └───────┘
    expect(codes(diagram('t>a, a>b, b>c, c>a'))).toEqual([
      ['cycle', 'a'],
      ['cycle', 'b'],
      ['cycle', 'c'],
    ]);
  });

  it('orders a graph topologically and leaves cycle members out', () => {
    //  t ─► a ─► b ◄─► c
    const { order, cyclic } = topologicalOrder(graphOf('t>a, a>b, b>c, c>b'));
    expect(order).toEqual(['t', 'a']);
    expect(cyclic.sort()).toEqual(['b', 'c']);
  });

  it('reports an unknown node type by node id', () => {
    const doc = diagram('t>a');
    doc.nodes[1].type = 'teleport';
    expect(codes(doc)).toEqual([['unknown-node-type', 'a']]);
  });

  it('reports a node made by a newer version of its type, naming both versions', () => {
    //  t ─► a   (a says typeVersion 7)
    const doc = diagram('t>a');
    (doc.nodes[1] as { typeVersion?: number }).typeVersion = 7;
    const result = validateDocument(doc, lookup);
    expect(result.problems.map((p) => [p.code, p.nodeId])).toEqual([['newer-node-version', 'a']]);
    expect(result.problems[0].message).toContain('version 7');
  });

  it('reports every problem at once: missing node, missing handle, into a trigger, unreachable', () => {
    //  t ─► a.nope      x (alone)      a ─► t2      ? ─► a
    const doc = diagram('t>a.nope, a>t2', ['x']);
    doc.edges.push({ id: 'ghost', source: 'zz', sourceHandle: 'main', target: 'a', targetHandle: 'main' });
    const found = codes(doc);
    expect(found).toContainEqual(['missing-handle', 'e0']);
    expect(found).toContainEqual(['into-trigger', 'e1']);
    expect(found).toContainEqual(['missing-node', 'ghost']);
    expect(found).toContainEqual(['unreachable', 'x']);
  });

  it('accepts a turned-off step that no trigger reaches (parked), but not a turned-on one', () => {
    //  t ─► a      x (alone, turned off)      y (alone)
    const doc = diagram('t>a', ['x', 'y']);
    (doc.nodes.find((n) => n.id === 'x') as { disabled?: boolean }).disabled = true;
    expect(codes(doc)).toEqual([['unreachable', 'y']]);
  });

  it('requires a trigger', () => {
    //  a ─► b
    const problems = validateDocument(diagram('a>b'), lookup).problems;
    expect(problems.map((p) => p.code)).toContain('no-trigger');
    expect(problems.find((p) => p.code === 'no-trigger')!.message).toMatch(/add one/);
  });

  it('checks config against the node schema but leaves expressions to run time', () => {
    //  t ─► u1 ─► u2
    const doc = diagram('t>u1, u1>u2');
    doc.nodes[1].type = 'needsUrl';
    doc.nodes[1].config = { url: 'not a url' };
    doc.nodes[2].type = 'needsUrl';
    doc.nodes[2].config = { url: '{{ $json.link }}' };
    const problems = validateDocument(doc, lookup).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'invalid-config', nodeId: 'u1', field: 'url' });
    expect(problems[0].message).toContain('"u1"');
  });

  it('places document shape errors on the node that has them', () => {
    const raw = { name: 'x', nodes: [{ id: 'a', name: 'A', type: 'trigger', settings: { retries: -1 } }] };
    const result = validateDocument(raw, lookup);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ code: 'invalid-document', nodeId: 'a', field: 'settings.retries' });
  });

  it('rejects duplicate node ids', () => {
    const doc = diagram('t>a');
    doc.nodes.push({ ...doc.nodes[1] });
    expect(codes(doc)).toContainEqual(['duplicate-id', 'a']);
  });

  it('refuses expressions that read a node which does not run before', () => {
    //  t ─► a ─► b        c (after t) reads b: fine; a reads b: not before it; b reads "ghost"
    const doc = diagram('t>a, a>b, t>c');
    doc.nodes.find((n) => n.id === 'a')!.config = { x: '{{ $node["b"].json.v }}' };
    doc.nodes.find((n) => n.id === 'b')!.config = { x: '{{ $node.ghost.json.v }}', y: '{{ $node["a"].json }}' };
    const problems = validateDocument(doc, lookup).problems;
    expect(problems.map((p) => [p.nodeId, p.code])).toEqual([
      ['a', 'invalid-config'],
      ['b', 'invalid-config'],
    ]);
    expect(problems[0].message).toContain('"b", which does not run before it');
    expect(problems[1].message).toContain('"ghost"');
  });
});

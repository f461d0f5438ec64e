import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../../core/document';
import { validateDocument } from '../../../core/validate';
import { getNodeType } from '../../../nodes';
import { diagram } from './diagram';

// Real step types, from the name: `t` Manual trigger, `o…` Browser: open page for each item,
// `p…` Browser: open page once, `b…` Browser: click (works on the open page), `x…` No-op.
const STEPS: Record<string, { type: string; config: Record<string, unknown> }> = {
  t: { type: 'manual-trigger', config: {} },
  o: { type: 'browser-open', config: { url: 'https://example.com/{{ $json.id }}', items: 'each' } },
  p: { type: 'browser-open', config: { url: 'https://example.com/' } },
  b: { type: 'browser-click', config: { selector: 'role=button[name="Next"]' } },
  x: { type: 'no-op', config: {} },
};

function workflow(edges: string): WorkflowDocument {
  const doc = diagram(edges);
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, ...STEPS[n.id[0]] })) };
}

const problems = (doc: WorkflowDocument) => validateDocument(doc, getNodeType).problems.map((p) => [p.code, p.nodeId]);

describe('Browser steps after the steps an Open page runs for each item', () => {
  it('flags a Browser step past a non-Browser step, naming it and saying what to do', () => {
    //  t ─► o (each) ─► b1 ─► x ─► b2
    const result = validateDocument(workflow('t>o, o>b1, b1>x, x>b2'), getNodeType);
    expect(result.problems.map((p) => [p.code, p.nodeId])).toEqual([['page-closed', 'b2']]);
    expect(result.problems[0].message).toBe(
      'Step "b2" needs an open web page, but it runs after the pages "o" opens for each item are closed ' +
        '(they close once each item has gone through the steps right after "o"), so it would fail with "No web page is open". ' +
        'Connect "b2" directly after "b1", with no other step, branch or join in between, or put a "Browser: open page" step before it.',
    );
  });

  it('accepts Browser steps right after it, and other steps after them', () => {
    //  t ─► o (each) ─► b1 ─► b2 ─► x
    expect(problems(workflow('t>o, o>b1, b1>b2, b2>x'))).toEqual([]);
  });

  it('flags Browser steps on both sides of a branch and on an error output', () => {
    //        ┌► b2
    //  t ─► o ─► b1
    //        └► b3      b1 ─error► b4
    const doc = workflow('t>o, o>b1, b1>b2, b1>b3');
    doc.nodes = doc.nodes.map((n) => (n.id === 'b1' ? { ...n, settings: { ...n.settings, onError: 'errorOutput' as const } } : n));
    doc.edges.push({ id: 'err', source: 'b1', sourceHandle: 'error', target: 'b4', targetHandle: 'main' });
    doc.nodes.push({ ...doc.nodes.find((n) => n.id === 'b3')!, id: 'b4', name: 'b4' });
    expect(problems(doc)).toEqual([
      ['page-closed', 'b2'],
      ['page-closed', 'b3'],
      ['page-closed', 'b4'],
    ]);
  });

  it('accepts a Browser step that a page opened once before it serves', () => {
    //  t ─► p (once) ─► o (each) ─► b1 ─► x ─► b2        t ─► o ─► x ─► p ─► b3
    expect(problems(workflow('t>p, p>o, o>b1, b1>x, x>b2'))).toEqual([]);
    expect(problems(workflow('t>o, o>x, x>p2, p2>b3'))).toEqual([]);
  });

  it('accepts the chain of a second Open page for each item, and flags what comes after it', () => {
    //  t ─► o1 ─► b1 ─► x ─► o2 ─► b2 ─► x2 ─► b3
    expect(problems(workflow('t>o1, o1>b1, b1>x, x>o2, o2>b2, b2>x2, x2>b3'))).toEqual([['page-closed', 'b3']]);
  });

  it('leaves out a step that is turned off', () => {
    //  t ─► o (each) ─► x ─► b1 (off)
    const doc = workflow('t>o, o>x, x>b1');
    doc.nodes = doc.nodes.map((n) => (n.id === 'b1' ? { ...n, disabled: true } : n));
    expect(problems(doc)).toEqual([]);
  });
});

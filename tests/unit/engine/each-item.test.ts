import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../core/graph';
import { eachItemChain, type ChainRules } from '../../../core/each-item';
import { diagram, graphOf } from './diagram';

// `o…`: an Open page set to "for each item"; `b…`: a Browser step; anything else: another step.
const rules: ChainRules = { starts: (id) => id.startsWith('o'), continues: (id) => id.startsWith('b') };

describe('the steps that run for each item with an Open page', () => {
  it('takes the Browser steps after it along, up to the first other step', () => {
    //  t ─► o ─► b1 ─► b2 ─► x ─► b3
    expect(eachItemChain(graphOf('t>o, o>b1, b1>b2, b2>x, x>b3'), 'o', rules)).toEqual(['o', 'b1', 'b2']);
  });

  it('is only the Open page when nothing follows it', () => {
    //  t ─► o
    expect(eachItemChain(graphOf('t>o'), 'o', rules)).toEqual(['o']);
  });

  it('is none for a step that does not start one', () => {
    //  t ─► b1 ─► b2
    expect(eachItemChain(graphOf('t>b1, b1>b2'), 'b1', rules)).toBeNull();
  });

  it('ends where the flow branches: both branches get all items, once', () => {
    //        ┌► b2
    //  t ─► o ─► b1
    //        └► b3
    expect(eachItemChain(graphOf('t>o, o>b1, b1>b2, b1>b3'), 'o', rules)).toEqual(['o', 'b1']);
  });

  it('ends before a step with another incoming connection (a join)', () => {
    //  t ─► o ─► b1 ─► b2
    //  t ─────────────►┘
    expect(eachItemChain(graphOf('t>o, o>b1, b1>b2, t>b2'), 'o', rules)).toEqual(['o', 'b1']);
  });

  it('ends before another Open page for each item, which starts its own', () => {
    //  t ─► o1 ─► b1 ─► o2 ─► b2
    const graph = graphOf('t>o1, o1>b1, b1>o2, o2>b2');
    expect(eachItemChain(graph, 'o1', rules)).toEqual(['o1', 'b1']);
    expect(eachItemChain(graph, 'o2', rules)).toEqual(['o2', 'b2']);
  });

  it("follows the main output only: a step's error output leads out of the chain", () => {
    //  t ─► o ─► b1 ─► b2
    //            └error► b3
    expect(eachItemChain(graphOf('t>o, o>b1, b1>b2, b1.error>b3'), 'o', rules)).toEqual(['o', 'b1', 'b2']);
  });

  it('ends before a step that is turned off or has pinned output, and is none when the Open page is', () => {
    //  t ─► o ─► b1 ─► b2 (off)
    const doc = diagram('t>o, o>b1, b1>b2');
    const off = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'b2' ? { ...n, disabled: true } : n)) };
    expect(eachItemChain(buildGraph(off), 'o', rules)).toEqual(['o', 'b1']);
    const openOff = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'o' ? { ...n, pinnedOutput: { main: [] } } : n)) };
    expect(eachItemChain(buildGraph(openOff), 'o', rules)).toBeNull();
  });
});

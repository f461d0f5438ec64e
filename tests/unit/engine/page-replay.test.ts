import { describe, expect, it } from 'vitest';
import { pageStepsToRedo, type PageRules } from '../../../core/page-replay';
import { graphOf } from './diagram';

// `o…`: Open page ("once"); `e…`: Open page for each item; `b…`: a Browser step; anything else: another step.
const rules: PageRules = {
  usesPage: (id) => id.startsWith('b'),
  opensPage: (id) => id.startsWith('o'),
  opensPagePerItem: (id) => id.startsWith('e'),
};
const redo = (edges: string, toRun: string[]) => [...pageStepsToRedo(graphOf(edges), new Set(toRun), rules)].sort();

describe('the steps to run again so that a Browser step finds its page', () => {
  it('opens the page again and repeats the Browser steps before the one still to run', () => {
    //  t ─► o ─► b1 ─► b2 ─► b3     (stored: t, o, b1; still to run: b2, b3)
    expect(redo('t>o, o>b1, b1>b2, b2>b3', ['b2', 'b3'])).toEqual(['b1', 'o']);
  });

  it('repeats the other steps between them too, so none of the later ones can run before the page is back', () => {
    //  t ─► o ─► b1 ─► x ─► b2
    expect(redo('t>o, o>b1, b1>x, x>b2', ['b2'])).toEqual(['b1', 'o', 'x']);
  });

  it('needs nothing when the Open page step itself is still to run', () => {
    //  t ─► o ─► b1
    expect(redo('t>o, o>b1', ['o', 'b1'])).toEqual([]);
  });

  it('needs nothing when no Browser step is still to run', () => {
    //  t ─► o ─► b1 ─► x
    expect(redo('t>o, o>b1, b1>x', ['x'])).toEqual([]);
  });

  it('goes back only to the nearest Open page: an earlier one is not repeated', () => {
    //  t ─► o1 ─► b1 ─► o2 ─► b2
    expect(redo('t>o1, o1>b1, b1>o2, o2>b2', ['b2'])).toEqual(['o2']);
  });

  it('leaves a parallel branch that does not lead to the Browser step alone', () => {
    //  t ─► o ─► b1 ─► b2
    //        └► y
    expect(redo('t>o, o>b1, b1>b2, o>y', ['b2'])).toEqual(['b1', 'o']);
  });

  it('repeats nothing behind an Open page for each item: its pages close after their item', () => {
    //  t ─► e ─► b1 ─► x ─► b2
    expect(redo('t>e, e>b1, b1>x, x>b2', ['b2'])).toEqual([]);
  });

  it('takes both Open pages of a join when the Browser step after it still runs', () => {
    //  t ─► o1 ─► m.a
    //  t ─► o2 ─► m.b ─► b
    expect(redo('t>o1, t>o2, o1>m.a, o2>m.b, m>b', ['b'])).toEqual(['m', 'o1', 'o2']);
  });
});

import { describe, expect, it } from 'vitest';
import type { NodeState } from '../../../core/plan';
import { createScheduler } from '../../../core/scheduler';
import { graphOf } from './diagram';

const isTrigger = (id: string) => id.startsWith('t');
const ok: NodeState = { status: 'succeeded', outputs: { main: [{}] } };
const empty: NodeState = { status: 'succeeded', outputs: { main: [] } };
const options = (maxParallel = 8) => ({ startNodeId: 't', isTrigger, maxParallel });

describe('run scheduler', () => {
  it('starts a chain one node at a time and knows the last node', () => {
    //  t ─► a ─► b
    const s = createScheduler(graphOf('t>a, a>b'), new Map(), options());
    expect(s.takeStartable()).toEqual(['t']);
    expect(s.isLast('t')).toBe(false);
    s.settle('t', ok);
    expect(s.takeStartable()).toEqual(['a']);
    expect(s.takeStartable()).toEqual([]); // handed out once
    s.settle('a', ok);
    expect(s.takeStartable()).toEqual(['b']);
    expect(s.isLast('b')).toBe(true);
    s.settle('b', ok);
    expect(s.finished()).toBe(true);
    expect(s.running()).toBe(0);
  });

  it('starts at most the parallel cap of a fan-out, in document order, and the rest as slots free', () => {
    //        ┌─► a ─┐
    //  t ─► s├─► b ─┤► j
    //        └─► c ─┘
    const s = createScheduler(graphOf('t>s, s>a, s>b, s>c, a>j, b>j, c>j'), new Map(), options(2));
    s.takeStartable();
    s.settle('t', ok);
    s.takeStartable();
    s.settle('s', ok);
    expect(s.takeStartable()).toEqual(['a', 'b']);
    expect(s.running()).toBe(2);
    expect(s.takeStartable()).toEqual([]);
    s.settle('b', ok);
    expect(s.takeStartable()).toEqual(['c']);
    s.settle('a', ok);
    expect(s.isLast('c')).toBe(false); // j still waits behind it
    s.settle('c', ok);
    expect(s.takeStartable()).toEqual(['j']);
    expect(s.isLast('j')).toBe(true);
  });

  it('hands out the skips an empty output decides, once, and a node is not last while skips are pending', () => {
    //  t ─► a ─► b
    //   └─► c
    const s = createScheduler(graphOf('t>a, a>b, t>c'), new Map(), options());
    s.takeStartable();
    s.settle('t', ok);
    expect(s.takeStartable()).toEqual(['a', 'c']);
    s.settle('a', empty);
    expect(s.isLast('c')).toBe(false); // b's skip is not recorded yet
    expect(s.takeSkipped()).toEqual(['b']);
    expect(s.takeSkipped()).toEqual([]);
    expect(s.isLast('c')).toBe(true);
  });

  it('skips the untaken side of an IF and everything behind it in one hand-out', () => {
    //              true ─► y
    //  t ─► if
    //              false ─► n ─► n2
    const s = createScheduler(graphOf('t>if, if.true>y, if.false>n, n>n2'), new Map(), options());
    s.takeStartable();
    s.settle('t', ok);
    s.takeStartable();
    s.settle('if', { status: 'succeeded', outputs: { true: [{}], false: [] } });
    expect(s.takeSkipped()).toEqual(['n', 'n2']);
    expect(s.takeStartable()).toEqual(['y']);
    expect(s.isLast('y')).toBe(true);
  });

  it('skips other triggers from the start and resumes after stored results', () => {
    //  t ─► a ─► b      t2 ─► c
    const resumed = new Map<string, NodeState>([
      ['t', ok],
      ['a', ok],
    ]);
    const s = createScheduler(graphOf('t>a, a>b, t2>c'), resumed, options());
    expect(s.takeSkipped()).toEqual(['t2', 'c']);
    expect(s.takeStartable()).toEqual(['b']);
    s.settle('b', ok);
    expect(s.finished()).toBe(true);
  });

  it("settles the steps a chain ran in its head's place with it, and never starts them", () => {
    //  t ─► h ─► c1 ─► c2 ─► d      (h, c1, c2: a chain run for each item)
    const s = createScheduler(graphOf('t>h, h>c1, c1>c2, c2>d'), new Map(), options());
    s.takeStartable();
    s.settle('t', ok);
    expect(s.takeStartable()).toEqual(['h']);
    s.settle('h', ok, [
      ['c1', ok],
      ['c2', ok],
    ]);
    expect(s.takeStartable()).toEqual(['d']);
    expect(s.running()).toBe(1);
    expect(s.isLast('d')).toBe(true);
  });
});

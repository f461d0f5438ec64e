import { describe, expect, it } from 'vitest';
import type { HandleItems } from '../../../nodes/types';
import type { Graph } from '../../../core/graph';
import { nodesFrom, planNext, resolveInputs, type NodeState } from '../../../core/plan';
import { graphOf } from './diagram';

const isTrigger = (id: string) => id.startsWith('t');

/** Runs the planner to the end; each node emits what `emit` returns. Returns the waves of ready nodes. */
function simulate(
  graph: Graph,
  emit: (id: string, inputs: HandleItems) => HandleItems = (id, inputs) => ({
    main: [{ from: id, got: Object.values(inputs).flat().length }],
  }),
  startNodeId = 't',
) {
  const state = new Map<string, NodeState>();
  const waves: string[][] = [];
  for (let guard = 0; guard < 100; guard++) {
    const plan = planNext(graph, state, { startNodeId, isTrigger });
    for (const id of plan.skipped) state.set(id, { status: 'skipped' });
    if (plan.finished) break;
    if (plan.ready.length === 0) throw new Error('stuck: nothing ready and not finished');
    waves.push(plan.ready);
    for (const id of plan.ready) state.set(id, { status: 'running' });
    for (const id of plan.ready) {
      state.set(id, { status: 'succeeded', outputs: emit(id, resolveInputs(graph, state, id)) });
    }
  }
  const status = Object.fromEntries([...state].map(([id, s]) => [id, s.status]));
  return { waves, status, state };
}

describe('planning core', () => {
  it('runs a chain one node after another', () => {
    //  t ─► a ─► b ─► c
    const { waves } = simulate(graphOf('t>a, a>b, b>c'));
    expect(waves).toEqual([['t'], ['a'], ['b'], ['c']]);
  });

  it('runs both sides of a diamond in parallel and joins them once both are done', () => {
    //        ┌─► a ─┐
    //  t ─► s        ► j
    //        └─► b ─┘
    const { waves, state } = simulate(graphOf('t>s, s>a, s>b, a>j, b>j'));
    expect(waves).toEqual([['t'], ['s'], ['a', 'b'], ['j']]);
    // j receives the items of both a and b on its one input.
    expect(state.get('j')!.outputs!.main[0]).toEqual({ from: 'j', got: 2 });
  });

  it('fans out to many nodes and fans in to a merge that waits for all inputs', () => {
    //        ┌─► a ───────┐
    //  t ─► s├─► b ─► c ──┤► m (a: a, b: c)
    //        └─► d        (d ends)
    const { waves, status } = simulate(graphOf('t>s, s>a, s>b, s>d, b>c, a>m.a, c>m.b'));
    expect(waves).toEqual([['t'], ['s'], ['a', 'b', 'd'], ['c'], ['m']]);
    expect(status.m).toBe('succeeded');
  });

  it("skips both branches' dependents when IF sends everything to true", () => {
    //              true ┌─► y ─► y2
    //  t ─► if ────────┤
    //              false└─► n ─► n2 ─► n3
    const emit = (id: string): HandleItems => (id === 'if' ? { true: [{ ok: 1 }], false: [] } : { main: [{ id }] });
    const { status, waves } = simulate(graphOf('t>if, if.true>y, y>y2, if.false>n, n>n2, n2>n3'), emit);
    expect(status).toMatchObject({ y: 'succeeded', y2: 'succeeded', n: 'skipped', n2: 'skipped', n3: 'skipped' });
    expect(waves.flat()).not.toContain('n');
  });

  it('runs a join behind an IF when one branch delivers, and skips it when neither does', () => {
    //              true ─► y ─┐
    //  t ─► if                 ► j
    //              false ► n ─┘
    const g = graphOf('t>if, if.true>y, if.false>n, y>j, n>j');
    const oneSide = simulate(g, (id): HandleItems => (id === 'if' ? { true: [], false: [{ a: 1 }] } : { main: [{ id }] }));
    expect(oneSide.status).toMatchObject({ y: 'skipped', n: 'succeeded', j: 'succeeded' });
    const neither = simulate(g, (id): HandleItems => (id === 'if' ? { true: [], false: [] } : { main: [{ id }] }));
    expect(neither.status).toMatchObject({ y: 'skipped', n: 'skipped', j: 'skipped' });
  });

  it('starts at the trigger that fired and skips the other trigger and what only it feeds', () => {
    //  t1 ─► a ─┐
    //            ► c
    //  t2 ─► b ─┘
    const { status } = simulate(graphOf('t1>a, t2>b, a>c, b>c'), undefined, 't2');
    expect(status).toMatchObject({ t1: 'skipped', a: 'skipped', t2: 'succeeded', b: 'succeeded', c: 'succeeded' });
  });

  it('treats a failed node as settled: what depends only on it is skipped', () => {
    //  t ─► a ─► b
    //    └─► c
    const g = graphOf('t>a, a>b, t>c');
    const state = new Map<string, NodeState>([
      ['t', { status: 'succeeded', outputs: { main: [{}] } }],
      ['a', { status: 'failed' }],
      ['c', { status: 'running' }],
    ]);
    const plan = planNext(g, state, { startNodeId: 't', isTrigger });
    expect(plan).toEqual({ ready: [], skipped: ['b'], finished: false });
  });

  it('resumes from stored results: succeeded nodes are not ready again', () => {
    //  t ─► a ─► b ─► c     (t and a stored before a crash)
    const g = graphOf('t>a, a>b, b>c');
    const state = new Map<string, NodeState>([
      ['t', { status: 'succeeded', outputs: { main: [{ n: 1 }] } }],
      ['a', { status: 'succeeded', outputs: { main: [{ n: 2 }] } }],
    ]);
    const plan = planNext(g, state, { startNodeId: 't', isTrigger });
    expect(plan.ready).toEqual(['b']);
    expect(resolveInputs(g, state, 'b')).toEqual({ main: [{ n: 2 }] });
  });

  it('feeds each merge input from its own connection', () => {
    //  t ─► a ─► m.a
    //    └─► b ─► m.b
    const g = graphOf('t>a, t>b, a>m.a, b>m.b');
    const state = new Map<string, NodeState>([
      ['a', { status: 'succeeded', outputs: { main: [{ x: 1 }] } }],
      ['b', { status: 'succeeded', outputs: { main: [{ y: 1 }, { y: 2 }] } }],
    ]);
    expect(resolveInputs(g, state, 'm')).toEqual({ a: [{ x: 1 }], b: [{ y: 1 }, { y: 2 }] });
  });

  it('finds the nodes a "run from here" re-runs: the node and everything after it', () => {
    //  t ─► a ─► b ─► c
    //         └─► d
    expect([...nodesFrom(graphOf('t>a, a>b, b>c, a>d'), 'b')].sort()).toEqual(['b', 'c']);
  });
});

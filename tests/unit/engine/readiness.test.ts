import { describe, expect, it } from 'vitest';
import type { HandleItems } from '../../../nodes/types';
import type { Graph } from '../../../core/graph';
import { workflowDocumentSchema } from '../../../core/document';
import { buildGraph } from '../../../core/graph';
import { planNext, resolveInputs, type NodeState } from '../../../core/plan';
import { createReadiness } from '../../../core/readiness';
import { graphOf } from './diagram';

const isTrigger = (id: string) => id.startsWith('t');
const passOn = (id: string, inputs: HandleItems): HandleItems => ({ main: [{ from: id, got: Object.values(inputs).flat().length }] });

/**
 * Runs a graph with the incremental tracker, one node at a time in the order nodes became ready.
 * Returns the order nodes ran in and every node's final status.
 */
function simulate(
  graph: Graph,
  emit: (id: string, inputs: HandleItems) => HandleItems = passOn,
  startNodeId = 't',
  initial = new Map<string, NodeState>(),
) {
  const state = new Map(initial);
  const readiness = createReadiness(graph, state, { startNodeId, isTrigger });
  const queue = [...readiness.first.ready];
  for (const id of readiness.first.skipped) state.set(id, { status: 'skipped' });
  const ran: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    ran.push(id);
    const s: NodeState = { status: 'succeeded', outputs: emit(id, resolveInputs(graph, state, id)) };
    state.set(id, s);
    const plan = readiness.settle(id, s);
    for (const skipped of plan.skipped) state.set(skipped, { status: 'skipped' });
    queue.push(...plan.ready);
  }
  const status = Object.fromEntries([...state].map(([id, s]) => [id, s.status]));
  return { ran, status, state, finished: readiness.finished() };
}

describe('incremental readiness', () => {
  it('runs a chain one node after another and then is finished', () => {
    //  t ─► a ─► b ─► c
    const { ran, finished } = simulate(graphOf('t>a, a>b, b>c'));
    expect(ran).toEqual(['t', 'a', 'b', 'c']);
    expect(finished).toBe(true);
  });

  it('makes a join ready only after its last input settled, and only once', () => {
    //        ┌─► a ─┐
    //  t ─► s        ► j
    //        └─► b ─┘
    const g = graphOf('t>s, s>a, s>b, a>j, b>j');
    const r = createReadiness(g, new Map(), { startNodeId: 't', isTrigger });
    const ok: NodeState = { status: 'succeeded', outputs: { main: [{}] } };
    expect(r.first.ready).toEqual(['t']);
    expect(r.settle('t', ok).ready).toEqual(['s']);
    expect(r.settle('s', ok).ready).toEqual(['a', 'b']);
    expect(r.settle('a', ok).ready).toEqual([]);
    expect(r.settle('b', ok)).toEqual({ ready: ['j'], skipped: [], finished: false });
    expect(r.settle('b', ok).ready).toEqual([]); // settling twice decides nothing again
    expect(r.unsettled()).toBe(1);
    expect(r.settle('j', ok).finished).toBe(true);
    expect(r.unsettled()).toBe(0);
  });

  it('skips the untaken side of an IF and everything only behind it, in one step', () => {
    //              true ┌─► y ─► y2
    //  t ─► if ────────┤
    //              false└─► n ─► n2 ─► n3
    const emit = (id: string): HandleItems => (id === 'if' ? { true: [{ ok: 1 }], false: [] } : { main: [{ id }] });
    const { status, ran, finished } = simulate(graphOf('t>if, if.true>y, y>y2, if.false>n, n>n2, n2>n3'), emit);
    expect(status).toMatchObject({ y: 'succeeded', y2: 'succeeded', n: 'skipped', n2: 'skipped', n3: 'skipped' });
    expect(ran).not.toContain('n');
    expect(finished).toBe(true);
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

  it('starts at the trigger that fired and skips the other trigger and what only it feeds, at once', () => {
    //  t1 ─► a ─┐
    //            ► c
    //  t2 ─► b ─┘
    const r = createReadiness(graphOf('t1>a, t2>b, a>c, b>c'), new Map(), { startNodeId: 't2', isTrigger });
    expect(r.first).toEqual({ ready: ['t2'], skipped: ['t1', 'a'], finished: false });
  });

  it('skips a node that nothing feeds', () => {
    //  t ─► a        lonely
    const r = createReadiness(graphOf('t>a', ['lonely']), new Map(), { startNodeId: 't', isTrigger });
    expect(r.first).toEqual({ ready: ['t'], skipped: ['lonely'], finished: false });
  });

  it('resumes from stored results: settled nodes are not decided again, running ones are awaited', () => {
    //  t ─► a ─► b ─► c     (t and a stored before a crash)
    //    └─► d ─► e         (d still running)
    const g = graphOf('t>a, a>b, b>c, t>d, d>e');
    const ok: NodeState = { status: 'succeeded', outputs: { main: [{ n: 1 }] } };
    const r = createReadiness(
      g,
      new Map<string, NodeState>([
        ['t', ok],
        ['a', ok],
        ['d', { status: 'running' }],
      ]),
      { startNodeId: 't', isTrigger },
    );
    expect(r.first.ready).toEqual(['b']);
    expect(r.settle('d', ok).ready).toEqual(['e']);
  });

  it('treats a failed node as settled: what depends only on it is skipped', () => {
    //  t ─► a ─► b
    //    └─► c
    const g = graphOf('t>a, a>b, t>c');
    const r = createReadiness(
      g,
      new Map<string, NodeState>([
        ['t', { status: 'succeeded', outputs: { main: [{}] } }],
        ['c', { status: 'running' }],
      ]),
      { startNodeId: 't', isTrigger },
    );
    expect(r.first.ready).toEqual(['a']);
    expect(r.settle('a', { status: 'failed' })).toEqual({ ready: [], skipped: ['b'], finished: false });
  });

  it('decides like planNext on random graphs, IF branches and failures included', () => {
    // Random DAGs: node i only feeds nodes after it; some nodes emit nothing or fail.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const n = 2 + Math.floor(random() * 14);
      const names = ['t', ...Array.from({ length: n - 1 }, (_, i) => `n${i}`)];
      const edges: Array<{ id: string; source: string; sourceHandle: string; target: string; targetHandle: string }> = [];
      for (let to = 1; to < n; to++) {
        for (let from = 0; from < to; from++) {
          if (random() < 0.3)
            edges.push({ id: `e${edges.length}`, source: names[from], sourceHandle: 'main', target: names[to], targetHandle: 'main' });
        }
      }
      const nodes = names.map((id) => ({ id, name: id, type: id === 't' ? 'trigger' : 'step' }));
      const graph = buildGraph(workflowDocumentSchema.parse({ name: 'random', nodes, edges }));
      const fate = new Map(names.map((id) => [id, random()]));
      const outcome = (id: string): NodeState => {
        const f = fate.get(id)!;
        if (f < 0.1) return { status: 'failed' };
        return { status: 'succeeded', outputs: { main: f < 0.25 ? [] : [{ id }] } };
      };

      // Reference: planNext on the whole state after each node.
      const refState = new Map<string, NodeState>();
      const refOrder: string[] = [];
      for (let guard = 0; guard < 100; guard++) {
        const plan = planNext(graph, refState, { startNodeId: 't', isTrigger });
        for (const id of plan.skipped) refState.set(id, { status: 'skipped' });
        if (plan.ready.length === 0) break;
        const id = plan.ready[0];
        refOrder.push(id);
        refState.set(id, outcome(id));
      }

      const state = new Map<string, NodeState>();
      const readiness = createReadiness(graph, state, { startNodeId: 't', isTrigger });
      const ready = [...readiness.first.ready];
      for (const id of readiness.first.skipped) state.set(id, { status: 'skipped' });
      const order: string[] = [];
      while (ready.length) {
        ready.sort((a, b) => names.indexOf(a) - names.indexOf(b));
        const id = ready.shift()!;
        order.push(id);
        state.set(id, outcome(id));
        const plan = readiness.settle(id, state.get(id)!);
        for (const s of plan.skipped) state.set(s, { status: 'skipped' });
        ready.push(...plan.ready);
      }
      expect(order).toEqual(refOrder);
      expect(Object.fromEntries(state)).toEqual(Object.fromEntries(refState));
      expect(readiness.finished()).toBe(graph.order.every((id) => state.has(id)));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { skippedSideEffectWarning, skipOrigin } from '../../../core/skip-reasons';
import type { NodeState } from '../../../core/plan';
import { graphOf } from './diagram';

const done = (outputs: NodeState['outputs']): NodeState => ({ status: 'succeeded', outputs });
const skipped: NodeState = { status: 'skipped' };

describe('why a step was skipped', () => {
  it('names the step that passed on no items, through skipped steps', () => {
    //  t ─► a (0 items) ─► b (skipped) ─► save (skipped)
    const graph = graphOf('t>a, a>b, b>save');
    const state = new Map([
      ['t', done({ main: [{}] })],
      ['a', done({ main: [] })],
      ['b', skipped],
      ['save', skipped],
    ]);
    expect(skipOrigin(graph, state, 'save')).toEqual({ nodeId: 'a', handle: 'main' });
    expect(skippedSideEffectWarning(graph, state, 'save')).toMatch(/^Did not run: “a” passed on no items/);
  });

  it('gives no warning for an If branch that was not taken', () => {
    //  t ─► if1 ─true─► save (skipped)
    //           └false► b
    const graph = graphOf('t>if1, if1.true>save, if1.false>b');
    const state = new Map([
      ['t', done({ main: [{}] })],
      ['if1', done({ true: [], false: [{}] })],
      ['save', skipped],
      ['b', done({ main: [{}] })],
    ]);
    expect(skipOrigin(graph, state, 'save')).toEqual({ nodeId: 'if1', handle: 'true' });
    expect(skippedSideEffectWarning(graph, state, 'save')).toBeNull();
  });
});

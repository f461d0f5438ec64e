/**
 * Tidy up at the sizes users have: a diamond and a loop are drawn in columns by how they connect,
 * and a 10,000-step chain with a connection back to its start (which overflowed dagre's stack
 * at 2,000 steps) and 100,000 loose steps are placed without failing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { layerSteps } from '../../../app/workflows/[id]/lib/layers';
import { DAGRE_UP_TO, loadTidyUp } from '../../../app/workflows/[id]/lib/tidy-up';
import type { StepEdge, StepNode } from '../../../app/workflows/[id]/lib/types';

const step = (id: string, x = 0): StepNode =>
  ({ id, type: 'step', position: { x, y: 0 }, data: { type: 'no-op', name: id, config: {} } }) as unknown as StepNode;
const edge = (source: string, target: string): StepEdge =>
  ({ id: `${source}-${target}`, source, target, sourceHandle: 'main', targetHandle: 'main' }) as StepEdge;
const c = (pairs: string) => pairs.split(' ').map((p) => ({ source: p[0], target: p[2] }));

describe('layerSteps', () => {
  it('puts each step one column right of the furthest step feeding it', () => {
    //   A → B → D
    //   A → C → D,  C → E
    expect(layerSteps(['A', 'B', 'C', 'D', 'E'], c('A>B A>C B>D C>D C>E'))).toEqual([['A'], ['B', 'C'], ['D', 'E']]);
  });

  it('cuts a loop where it is met, so every step of it gets a column', () => {
    //   A → B → C → A
    expect(layerSteps(['A', 'B', 'C'], c('A>B B>C C>A'))).toEqual([['A'], ['B'], ['C']]);
  });

  it('keeps loose steps, and a step fed by a loop after it', () => {
    //   X (loose);  A → B → A;  B → D
    expect(layerSteps(['X', 'A', 'B', 'D'], c('A>B B>A B>D'))).toEqual([['X', 'A'], ['B'], ['D']]);
  });
});

function chain(n: number) {
  const steps = Array.from({ length: n }, (_, i) => step(`s${i}`, i * 7));
  const edges = steps.slice(1).map((s, i) => edge(`s${i}`, s.id));
  edges.push(edge(`s${n - 1}`, 's0'));
  return { steps, edges };
}

// The editor loads dagre on the first Tidy up; so do these tests.
let tidyPositions: Awaited<ReturnType<typeof loadTidyUp>>;
beforeAll(async () => {
  tidyPositions = await loadTidyUp();
});

describe('tidyPositions', () => {
  it('draws a small diamond with dagre: the two middle steps share a column, the last is right of them', () => {
    const steps = ['a', 'b', 'c', 'd'].map((id) => step(id));
    const at = tidyPositions(steps, [edge('a', 'b'), edge('a', 'c'), edge('b', 'd'), edge('c', 'd')]);
    expect(at.get('b')!.x).toBe(at.get('c')!.x);
    expect(at.get('b')!.y).not.toBe(at.get('c')!.y);
    expect(at.get('d')!.x).toBeGreaterThan(at.get('b')!.x);
    expect(at.get('b')!.x).toBeGreaterThan(at.get('a')!.x);
  });

  it.each([DAGRE_UP_TO + 1, 1_001, 10_000])('places a %i-step chain with a connection back to its start left to right', (n) => {
    const { steps, edges } = chain(n);
    const at = tidyPositions(steps, edges);
    expect(at.size).toBe(n);
    for (let i = 1; i < n; i++) {
      expect(at.get(`s${i}`)!.x).toBeGreaterThan(at.get(`s${i - 1}`)!.x);
      expect(at.get(`s${i}`)!.y).toBe(at.get('s0')!.y);
    }
    // The drawing's top-left corner stays where it was.
    expect(at.get('s0')).toEqual({ x: 0, y: 0 });
  });

  it('stacks 100,000 loose steps in one column, each in its own row', () => {
    const steps = Array.from({ length: 100_000 }, (_, i) => step(`s${i}`));
    const at = tidyPositions(steps, []);
    expect(new Set([...at.values()].map((p) => p.x)).size).toBe(1);
    expect(new Set([...at.values()].map((p) => p.y)).size).toBe(100_000);
  });
});

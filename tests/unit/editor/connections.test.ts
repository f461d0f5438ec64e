/** Which steps an output may connect to: the one-pass list must agree with the per-connection rule. */
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../../app/lib/api-types';
import { connectableTargets, connectionProblem } from '../../../app/workflows/[id]/lib/connections';
import type { StepEdge, StepNode } from '../../../app/workflows/[id]/lib/types';

function step(id: string, type = 'no-op'): StepNode {
  return {
    id,
    type: 'step',
    position: { x: 0, y: 0 },
    data: { type, typeVersion: 1, name: id, config: {}, settings: {} as StepNode['data']['settings'] },
  };
}
const edge = (source: string, target: string, sourceHandle = 'main'): StepEdge => ({
  id: `${source}-${sourceHandle}-${target}`,
  source,
  target,
  sourceHandle,
  targetHandle: 'main',
});
const catalog = new Map<string, CatalogEntry>([
  [
    'manual-trigger',
    { id: 'manual-trigger', category: 'trigger', inputs: [], outputs: [{ id: 'main', label: '' }] } as unknown as CatalogEntry,
  ],
  [
    'no-op',
    {
      id: 'no-op',
      category: 'action',
      inputs: [{ id: 'main', label: '' }],
      outputs: [{ id: 'main', label: '' }],
    } as unknown as CatalogEntry,
  ],
  [
    'if',
    {
      id: 'if',
      category: 'action',
      inputs: [{ id: 'main', label: '' }],
      outputs: [
        { id: 'true', label: 'true' },
        { id: 'false', label: 'false' },
      ],
    } as unknown as CatalogEntry,
  ],
]);

//   start ──► a ──► check ─true─► b ──► c
//                         ─false─► d
//   e (not connected)
const steps = [step('start', 'manual-trigger'), step('a'), step('check', 'if'), step('b'), step('c'), step('d'), step('e')];
const edges = [edge('start', 'a'), edge('a', 'check'), edge('check', 'b', 'true'), edge('b', 'c'), edge('check', 'd', 'false')];

describe('steps an output may connect to', () => {
  it('leaves out itself, the steps before it (loops), triggers and existing connections', () => {
    expect(connectableTargets('check', 'true', steps, edges, catalog).map((n) => n.id)).toEqual(['c', 'd', 'e']);
    expect(connectableTargets('b', 'main', steps, edges, catalog).map((n) => n.id)).toEqual(['d', 'e']);
  });

  it('agrees with connectionProblem for every output of every step', () => {
    for (const source of steps) {
      for (const out of catalog.get(source.data.type)!.outputs) {
        const expected = steps.filter(
          (t) =>
            connectionProblem({ source: source.id, sourceHandle: out.id, target: t.id, targetHandle: 'main' }, steps, edges, catalog) ===
            null,
        );
        expect(connectableTargets(source.id, out.id, steps, edges, catalog)).toEqual(expected);
      }
    }
  });
});

/** "Repeat these steps until…" on the canvas: which selections make a group, and how the graph is rewired. */
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../../app/lib/api-types';
import { repeatedByOf, repeatedGroupsKey, repeatGroup } from '../../../app/workflows/[id]/lib/repeat-group';
import type { StepEdge, StepNode } from '../../../app/workflows/[id]/lib/types';

function step(id: string, type = 'no-op', x = 0): StepNode {
  return {
    id,
    type: 'step',
    position: { x, y: 0 },
    data: { type, typeVersion: 1, name: id, config: {}, settings: {} as StepNode['data']['settings'] },
  };
}
const edge = (source: string, target: string): StepEdge => ({
  id: `${source}-${target}`,
  source,
  target,
  sourceHandle: 'main',
  targetHandle: 'main',
});
const entry = (id: string, category: 'trigger' | 'action') =>
  [
    id,
    { id, version: 1, category, inputs: category === 'trigger' ? [] : [{ id: 'main', label: '' }], outputs: [{ id: 'main', label: '' }] },
  ] as [string, CatalogEntry];
const catalog = new Map<string, CatalogEntry>([
  entry('manual-trigger', 'trigger'),
  entry('no-op', 'action'),
  entry('repeat-until', 'action'),
]);
let next = 0;
const make = { newId: (p: string) => `${p}${++next}`, name: 'Repeat until', defaults: { maxRounds: 20 } };

//  t ─► a ─► b ─► c ─► d
const steps = [
  step('t', 'manual-trigger'),
  step('a', 'no-op', 200),
  step('b', 'no-op', 400),
  step('c', 'no-op', 600),
  step('d', 'no-op', 800),
];
const edges = [edge('t', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'd')];

describe('Repeat these steps until…', () => {
  it('puts a Repeat until step in the place of b ─► c and moves them below it, connected only to each other', () => {
    const made = repeatGroup(['c', 'b'], steps, edges, catalog, make);
    if (typeof made === 'string') throw new Error(made);
    expect(made.loop.data.config).toEqual({ maxRounds: 20, repeat: 'steps', steps: ['b', 'c'] });
    expect(made.loop.position).toEqual({ x: 400, y: 0 });
    expect([...made.moved]).toEqual([
      ['b', { x: 400, y: 200 }],
      ['c', { x: 600, y: 200 }],
    ]);
    const loop = made.loop.id;
    expect(made.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['t>a', `a>${loop}`, 'b>c', `${loop}>d`]);
  });

  it('refuses a trigger, steps that are not one path, and a connection into the middle, in plain words', () => {
    expect(repeatGroup(['t', 'a'], steps, edges, catalog, make)).toContain('“t” is a trigger');
    expect(repeatGroup(['a', 'c'], steps, edges, catalog, make)).toContain('are not one path: “a” and “c” both start it');
    const side = [...edges, edge('a', 'c')];
    expect(repeatGroup(['b', 'c'], steps, side, catalog, make)).toBe(
      '“a”, outside the selection, connects into “c” in its middle. Select the steps from where the connection comes in, or remove it.',
    );
    expect(repeatGroup([], steps, edges, catalog, make)).toContain('Select the steps to repeat first');
  });

  it('marks each grouped step with the name of the step that repeats it', () => {
    const loop = step('loop', 'repeat-until');
    loop.data.name = 'Every page';
    loop.data.config = { repeat: 'steps', steps: ['b', 'c'] };
    const other = step('other', 'repeat-until');
    other.data.config = { workflowId: 'wf_1' };
    const key = repeatedGroupsKey([...steps, loop, other]);
    expect([...repeatedByOf(key)]).toEqual([
      ['b', 'Every page'],
      ['c', 'Every page'],
    ]);
    // Moving a step changes nothing the key depends on.
    expect(repeatedGroupsKey([...steps.map((s) => ({ ...s, position: { x: 1, y: 1 } })), loop, other])).toBe(key);
  });
});

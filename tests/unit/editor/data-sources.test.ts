/** The data picker's sources: which fields reach a step, and the references it inserts. */
import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../app/lib/api-types';
import { dataSourcesFor, withFieldName } from '../../../app/workflows/[id]/lib/data-sources';
import type { StepEdge, StepNode } from '../../../app/workflows/[id]/lib/types';

function step(id: string, name: string, pinned?: Record<string, Array<Record<string, unknown>>>): StepNode {
  return {
    id,
    type: 'step',
    position: { x: 0, y: 0 },
    data: {
      type: 'no-op',
      typeVersion: 1,
      name,
      config: {},
      settings: {} as StepNode['data']['settings'],
      ...(pinned ? { pinnedOutput: pinned } : {}),
    },
  };
}
const edge = (source: string, target: string, sourceHandle = 'main'): StepEdge => ({
  id: `${source}-${target}`,
  source,
  target,
  sourceHandle,
});

//   start ──► load ──► check ─true─► mail
const steps = [step('start', 'Start'), step('load', 'Load orders'), step('check', 'Big order?'), step('mail', 'Send mail')];
const edges = [edge('start', 'load'), edge('load', 'check'), edge('check', 'mail', 'true')];
const detail = {
  nodes: {
    start: { outputPreview: { main: [{}] } },
    load: { outputPreview: { main: [{ city: 'Lyon', 'first name': 'Ada', total: 150 }] } },
    check: { outputPreview: { true: [{ city: 'Paris', total: 900 }], false: [{ city: 'Nice', total: 3 }] } },
  },
} as unknown as RunDetail;

describe('data sources for the expression picker', () => {
  it('offers the fields that arrive on the connection in, then every earlier step, nearest first', () => {
    const sources = dataSourcesFor('mail', steps, edges, detail);
    expect(sources.map((s) => s.id)).toEqual(['input', 'check', 'load', 'start']);
    // The input comes from the "true" output, not the first one.
    expect(sources[0].fields.map((f) => [f.name, f.sample])).toEqual([
      ['city', 'Paris'],
      ['total', '900'],
    ]);
    expect(sources[0].fields[0].expression).toBe('{{ $json.city }}');
  });

  it('refers to earlier steps by id, and quotes names that are not plain words', () => {
    const load = dataSourcesFor('check', steps, edges, detail).find((s) => s.id === 'load');
    expect(load?.label).toBe('Load orders');
    expect(load?.fields.map((f) => f.expression)).toEqual([
      '{{ $node["load"].json.city }}',
      '{{ $node["load"].json["first name"] }}',
      '{{ $node["load"].json.total }}',
    ]);
  });

  it('uses pinned output before any run, and offers nothing to a step without inputs', () => {
    const pinned = [step('start', 'Start'), step('load', 'Load', { main: [{ sku: 'A-1' }] }), step('check', 'Check')];
    expect(dataSourcesFor('check', pinned, edges, undefined)[0].fields.map((f) => f.name)).toEqual(['sku']);
    expect(dataSourcesFor('start', steps, edges, detail)).toEqual([]);
  });
});

describe('data sources inside a repeated group (Repeat until over steps on the canvas)', () => {
  //   start ──► load ──► loop (Repeat until: fetch, shape)      fetch ──► shape   (the group, each round a run of its own)
  const loop: StepNode = {
    ...step('loop', 'Repeat until'),
    data: { ...step('loop', 'Repeat until').data, type: 'repeat-until', config: { repeat: 'steps', steps: ['fetch', 'shape'] } },
  };
  const groupSteps = [step('start', 'Start'), step('load', 'Load orders'), loop, step('fetch', 'Fetch page'), step('shape', 'Shape')];
  const groupEdges = [edge('start', 'load'), edge('load', 'loop'), edge('fetch', 'shape')];
  // The main run: the group's steps don't run in it.
  const parent = {
    nodes: {
      start: { outputPreview: { main: [{}] } },
      load: { outputPreview: { main: [{ page: 1, city: 'Lyon' }] } },
      loop: { outputPreview: { main: [{ page: 4, rows: [] }] } },
    },
  } as unknown as RunDetail;
  // The last round's run: a start step (not on the canvas) gave the round's items to "Fetch page".
  const round = {
    document: { nodes: [], edges: [edge('round-start', 'fetch')] },
    nodes: {
      'round-start': { outputPreview: { main: [{ page: 3, rows: [7, 8, 9] }] } },
      fetch: { outputPreview: { main: [{ body: { next: 4 }, status: 200 }] } },
      shape: { outputPreview: { main: [{ page: 4, rows: [] }] } },
    },
  } as unknown as RunDetail;

  it('offers the group’s first step the round’s items, and no step outside the group', () => {
    const sources = dataSourcesFor('fetch', groupSteps, groupEdges, parent, round);
    expect(sources.map((s) => s.id)).toEqual(['input']);
    expect(sources[0].fields.map((f) => [f.name, f.expression])).toEqual([
      ['page', '{{ $json.page }}'],
      ['rows', '{{ $json.rows }}'],
    ]);
  });

  it('before a round’s run is read, offers what came into the Repeat until step (the first round’s items)', () => {
    const sources = dataSourcesFor('fetch', groupSteps, groupEdges, parent);
    expect(sources.map((s) => s.id)).toEqual(['input']);
    expect(sources[0].fields.map((f) => [f.name, f.sample])).toEqual([
      ['page', '1'],
      ['city', 'Lyon'],
    ]);
  });

  it('offers a later step of the group the fields of the group’s steps before it, from the last round', () => {
    const sources = dataSourcesFor('shape', groupSteps, groupEdges, parent, round);
    expect(sources.map((s) => s.id)).toEqual(['input', 'fetch']);
    expect(sources[0].fields.map((f) => f.name)).toEqual(['body', 'status']);
    expect(sources[1].fields[0].expression).toBe('{{ $node["fetch"].json.body }}');
  });
});

describe('settings that take a field’s name', () => {
  it('get the plain name, replacing what was there', () => {
    expect(withFieldName('', 'amount', 'one')).toBe('amount');
    expect(withFieldName('old', 'amount', 'one')).toBe('amount');
  });

  it('add the name to a list after a comma, quoting names with commas or quotes', () => {
    expect(withFieldName('', 'city', 'list')).toBe('city');
    expect(withFieldName('name', 'city', 'list')).toBe('name, city');
    expect(withFieldName('name, ', 'city', 'list')).toBe('name, city');
    expect(withFieldName('name', 'Smith, John', 'list')).toBe('name, "Smith, John"');
    expect(withFieldName('', 'say "hi"', 'list')).toBe('"say ""hi"""');
  });
});

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

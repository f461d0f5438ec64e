import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import aggregate from '../../../nodes/aggregate';
import splitOut from '../../../nodes/split-out';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data from the vega-datasets package (dev dependency), read straight from disk.
const json = (name: string): Item => JSON.parse(readFileSync(path.join(VEGA, name), 'utf8')) as Item;
/** seattle-weather.csv has no quotes; cells stay text, as a CSV gives them. */
function weather(): Item[] {
  const [header, ...lines] = readFileSync(path.join(VEGA, 'seattle-weather.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}
// Checked with a node one-liner on vega-datasets 3.2.1: earthquakes.json is one object with a
// list of 1,707 "features", each with a 3-number coordinates list; miserables.json has 77 nodes
// and 254 links; seattle-weather.csv has 1,461 days, 26 of them "snow".
const QUAKES = 1707;

const split = (config: unknown, items: Item[]) => runNode(splitOut, { config, inputs: { main: items } });

describe('split-out', () => {
  it('turns the 1,707 earthquakes of a GeoJSON file into items, merging their fields', async () => {
    const collection = json('earthquakes.json');
    const out = await split({ field: 'features', into: 'merge' }, [collection]);
    expect(out.main).toHaveLength(QUAKES);
    const first = (collection.features as Item[])[0];
    // The entry's own "type" replaces the collection's; the other fields of the collection stay.
    expect(out.main[0]).toEqual({ type: 'Feature', metadata: collection.metadata, bbox: collection.bbox, ...first });
    expect(out.main.some((item) => 'features' in item)).toBe(false);
  });

  it('puts each entry in a field, with or without the other fields', async () => {
    const graph = json('miserables.json');
    const alone = await split({ field: 'nodes', destination: 'character', keepOtherFields: false }, [graph]);
    expect(alone.main).toHaveLength(77);
    expect(alone.main[0]).toEqual({ character: { name: 'Myriel', group: 1, index: 0 } });
    const kept = await split({ field: 'links' }, [graph]);
    expect(kept.main).toHaveLength(254);
    expect(Object.keys(kept.main[0])).toEqual(['nodes', 'links']);
    expect(kept.main[0].links).toEqual((graph.links as Item[])[0]);
  });

  it('splits a list inside an object, one item per plain value', async () => {
    const quakes = (json('earthquakes.json').features as Item[]).slice(0, 10);
    const out = await split({ field: 'geometry.coordinates', destination: 'coordinate' }, quakes);
    expect(out.main).toHaveLength(30);
    expect(out.main[0].coordinate).toBe(((quakes[0].geometry as Item).coordinates as number[])[0]);
    expect(out.main[0].geometry).toEqual({ type: 'Point' });
    // The input objects are not changed.
    expect((quakes[0].geometry as Item).coordinates).toHaveLength(3);
  });

  it('undoes an Aggregate list: 1,461 days grouped by weather come back as 1,461 items', async () => {
    const days = weather();
    const groups = await runNode(aggregate, {
      config: { groupBy: 'weather', calculations: [{ operation: 'list', field: 'date', outputName: 'date' }] },
      inputs: { main: days },
    });
    expect(groups.main).toHaveLength(5);
    const out = await split({ field: 'date' }, groups.main);
    expect(out.main).toHaveLength(1461);
    expect(out.main.filter((d) => d.weather === 'snow')).toHaveLength(26);
    expect(new Set(out.main.map((d) => d.date))).toEqual(new Set(days.map((d) => d.date)));
  });

  it('drops or keeps items whose list is missing or empty', async () => {
    const items = [{ id: 1, tags: ['a', 'b'] }, { id: 2, tags: [] }, { id: 3 }, { id: 4, tags: null }];
    expect((await split({ field: 'tags' }, items)).main).toEqual([
      { id: 1, tags: 'a' },
      { id: 1, tags: 'b' },
    ]);
    expect((await split({ field: 'tags', whenEmpty: 'keep', destination: 'tag' }, items)).main).toEqual([
      { id: 1, tag: 'a' },
      { id: 1, tag: 'b' },
      { id: 2, tag: null },
      { id: 3, tag: null },
      { id: 4, tag: null },
    ]);
  });

  it('passes a single value on as one item, with a note', async () => {
    const { ctx, logs } = fakeCtx(splitOut, { config: { field: 'tags' }, inputs: { main: [{ tags: 'solo' }, { tags: ['x'] }] } });
    expect((await splitOut.execute(ctx)).outputs.main).toEqual([{ tags: 'solo' }, { tags: 'x' }]);
    expect(logs.find((l) => l.level === 'warn')?.message).toBe(
      '1 item had a single value instead of a list in "tags"; passed on as one item each.',
    );
  });

  it('asks for the list field in plain words', () => {
    const result = splitOut.config.safeParse({});
    expect(result.error?.issues[0]).toMatchObject({ path: ['field'], message: 'Enter the field that holds the list, like tags.' });
  });
});

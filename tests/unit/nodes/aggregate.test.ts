import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import aggregate from '../../../nodes/aggregate';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data from the vega-datasets package (dev dependency), read straight from disk.
const json = (name: string): unknown => JSON.parse(readFileSync(path.join(VEGA, name), 'utf8'));
/** seattle-weather.csv has no quotes; cells stay text, as a CSV gives them. */
function weather(): Item[] {
  const [header, ...lines] = readFileSync(path.join(VEGA, 'seattle-weather.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}
const cars = () => json('cars.json') as Item[];

// Checked with a node one-liner on vega-datasets 3.2.1: 1,461 days of Seattle weather, by
// weather type in first-seen order, with the mean of temp_max:
const WEATHER = { drizzle: [53, 15.9264], rain: [641, 13.4546], sun: [640, 19.8619], snow: [26, 5.5731], fog: [101, 16.7574] };
// cars.json: 406 cars, 254 from the USA, 73 from Europe, 79 from Japan; 9 origin + cylinder pairs,
// 108 of them American 8-cylinder cars; 6 cars have no Horsepower.

const run = (config: unknown, items: Item[]) => runNode(aggregate, { config, inputs: { main: items } });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('aggregate', () => {
  it('counts the 1,461 Seattle days per weather type and averages their highest temperature', async () => {
    const days = weather();
    const out = await run(
      {
        groupBy: 'weather',
        calculations: [
          { operation: 'count' },
          { operation: 'mean', field: 'temp_max' },
          { operation: 'median', field: 'temp_max' },
          { operation: 'min', field: 'temp_min' },
          { operation: 'max', field: 'temp_max', outputName: 'hottest' },
          { operation: 'sum', field: 'precipitation', outputName: 'rain_mm' },
        ],
      },
      days,
    );
    expect(out.main.map((g) => [g.weather, g.count])).toEqual(Object.entries(WEATHER).map(([w, [n]]) => [w, n]));
    expect(out.main.reduce((sum, g) => sum + Number(g.count), 0)).toBe(1461);
    for (const group of out.main) {
      const mine = days.filter((d) => d.weather === group.weather);
      const temps = mine.map((d) => Number(d.temp_max));
      expect(group.mean_temp_max).toBeCloseTo(WEATHER[group.weather as keyof typeof WEATHER][1], 4);
      expect(group.mean_temp_max).toBeCloseTo(mean(temps), 10);
      expect(group.median_temp_max).toBe(median(temps));
      expect(group.min_temp_min).toBe(Math.min(...mine.map((d) => Number(d.temp_min))));
      expect(group.hottest).toBe(Math.max(...temps));
      expect(group.rain_mm).toBeCloseTo(
        mine.reduce((s, d) => s + Number(d.precipitation), 0),
        8,
      );
    }
    expect(Object.keys(out.main[0])).toEqual([
      'weather',
      'count',
      'mean_temp_max',
      'median_temp_max',
      'min_temp_min',
      'hottest',
      'rain_mm',
    ]);
  });

  it('groups cars by two fields, skipping missing horsepower in the average', async () => {
    const list = cars();
    const out = await run(
      {
        groupBy: 'Origin, Cylinders',
        calculations: [
          { operation: 'count', outputName: 'cars' },
          { operation: 'mean', field: 'Horsepower' },
          { operation: 'countDistinct', field: 'Name', outputName: 'models' },
        ],
      },
      list,
    );
    expect(out.main).toHaveLength(9);
    expect(out.main.reduce((sum, g) => sum + Number(g.cars), 0)).toBe(406);
    const usa8 = out.main.find((g) => g.Origin === 'USA' && g.Cylinders === 8);
    expect(usa8?.cars).toBe(108);
    for (const group of out.main) {
      const mine = list.filter((c) => c.Origin === group.Origin && c.Cylinders === group.Cylinders);
      const hp = mine.map((c) => c.Horsepower).filter((v): v is number => typeof v === 'number');
      expect(group.mean_Horsepower).toBeCloseTo(mean(hp), 10);
      expect(group.models).toBe(new Set(mine.map((c) => c.Name)).size);
    }
  });

  it('summarises all items as one group when nothing is grouped, even no items', async () => {
    const calculations = [{ operation: 'count' }, { operation: 'mean', field: 'Horsepower' }, { operation: 'sum', field: 'Horsepower' }];
    const list = cars();
    const hp = list.map((c) => c.Horsepower).filter((v): v is number => typeof v === 'number');
    const [all] = (await run({ calculations }, list)).main;
    expect(all.count).toBe(406);
    expect(hp).toHaveLength(400);
    expect(all.mean_Horsepower).toBeCloseTo(mean(hp), 10);
    expect((await run({ calculations }, [])).main).toEqual([{ count: 0, mean_Horsepower: null, sum_Horsepower: 0 }]);
    expect((await run({ groupBy: 'Origin', calculations }, [])).main).toEqual([]);
  });

  it('takes first, last and lists of values, skipping empty ones', async () => {
    const out = await run(
      {
        groupBy: 'weather',
        calculations: [
          { operation: 'first', field: 'date' },
          { operation: 'last', field: 'date' },
          { operation: 'list', field: 'date', outputName: 'dates' },
        ],
      },
      weather(),
    );
    const snow = out.main.find((g) => g.weather === 'snow');
    // Same first and last snow days as the Remove duplicates test found.
    expect(snow).toMatchObject({ first_date: '2012-01-14', last_date: '2014-11-29' });
    expect(snow?.dates).toHaveLength(26);
    const [group] = (
      await run(
        {
          calculations: [
            { operation: 'first', field: 'a' },
            { operation: 'list', field: 'a' },
          ],
        },
        [{ a: null }, {}, { a: 'x' }, { a: '' }, { a: 'y' }],
      )
    ).main;
    expect(group).toEqual({ first_a: 'x', list_a: ['x', 'y'] });
  });

  it('groups by a field inside objects and writes it back nested', async () => {
    const quakes = (json('earthquakes.json') as { features: Item[] }).features;
    const out = await run({ groupBy: 'properties.net', calculations: [{ operation: 'max', field: 'properties.mag' }] }, quakes);
    // Checked with node: 12 networks, "ci" first with 386 quakes.
    expect(out.main).toHaveLength(12);
    expect(out.main[0]).toEqual({
      properties: { net: 'ci' },
      max_properties_mag: Math.max(
        ...quakes.filter((q) => (q.properties as Item).net === 'ci').map((q) => (q.properties as Item).mag as number),
      ),
    });
  });

  it('keeps 1 and "1" apart, and puts missing and null values in one group', async () => {
    const out = await run({ groupBy: 'k' }, [{ k: 1 }, { k: '1' }, { k: null }, {}, { k: 1 }]);
    expect(out.main).toEqual([
      { k: 1, count: 2 },
      { k: '1', count: 1 },
      { k: null, count: 2 },
    ]);
  });

  it('explains unusable calculations in plain words', async () => {
    await expect(run({ calculations: [{ operation: 'sum' }] }, [{}])).rejects.toThrow('Calculation 1: enter the field to calculate with.');
    const twice = { calculations: [{ operation: 'count' }, { operation: 'count' }] };
    await expect(run(twice, [{}])).rejects.toThrow(/Calculation 2: the result name "count" is already used/);
    await expect(run({ groupBy: 'count' }, [{}])).rejects.toThrow(/"count" is already used/);
    const { ctx, logs } = fakeCtx(aggregate, { config: { groupBy: 'wether' }, inputs: { main: weather() } });
    await aggregate.execute(ctx);
    expect(logs.find((l) => l.level === 'warn')?.message).toBe('No item has the column "wether". Check the spelling.');
  });
});

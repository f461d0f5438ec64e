import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import filter from '../../../nodes/filter';
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

// Checked with a node one-liner on vega-datasets 3.2.1: 406 cars, 49 with Horsepower > 150,
// 6 without Horsepower; 1,461 days of Seattle weather, 640 of them "sun".
const CARS = 406;
const OVER_150 = 49;
const SUNNY_DAYS = 640;

const run = (config: unknown, items: Item[]) => runNode(filter, { config, inputs: { main: items } });

describe('filter', () => {
  it('keeps the 49 cars with more than 150 horsepower and discards the other 357', async () => {
    const out = await run({ conditions: [{ field: 'Horsepower', operator: 'gt', value: '150' }] }, cars());
    expect(out.main).toHaveLength(OVER_150);
    expect(out.discarded).toHaveLength(CARS - OVER_150);
    expect(out.main.every((car) => Number(car.Horsepower) > 150)).toBe(true);
    // Cars without horsepower are discarded, never kept.
    expect(out.discarded.filter((car) => car.Horsepower === null)).toHaveLength(6);
  });

  it('combines conditions with "all" and "any" on text cells from a CSV', async () => {
    const days = weather();
    const conditions = [
      { field: 'weather', operator: 'equals', value: 'rain' },
      { field: 'temp_max', operator: 'lt', value: '5' },
    ];
    // Counted without the node; temp_max is text like "12.8" and is still compared as a number.
    const both = days.filter((d) => d.weather === 'rain' && Number(d.temp_max) < 5).length;
    const either = days.filter((d) => d.weather === 'rain' || Number(d.temp_max) < 5).length;
    expect(both).toBeGreaterThan(0);
    expect((await run({ conditions, combine: 'and' }, days)).main).toHaveLength(both);
    expect((await run({ conditions, combine: 'or' }, days)).main).toHaveLength(either);
  });

  it('can ignore upper and lower case', async () => {
    const conditions = [{ field: 'weather', operator: 'equals', value: 'SUN' }];
    expect((await run({ conditions }, weather())).main).toHaveLength(0);
    expect((await run({ conditions, ignoreCase: true }, weather())).main).toHaveLength(SUNNY_DAYS);
  });

  it('reads fields inside objects with a dotted name', async () => {
    const quakes = (json('earthquakes.json') as { features: Item[] }).features;
    const strong = quakes.filter((q) => Number((q.properties as Item).mag) >= 4).length;
    expect(strong).toBeGreaterThan(0);
    const out = await run({ conditions: [{ field: 'properties.mag', operator: 'gte', value: 4 }] }, quakes);
    expect(out.main).toHaveLength(strong);
    expect(out.discarded).toHaveLength(quakes.length - strong);
  });

  it('gives the same answer for every item with a /g pattern', async () => {
    const list = cars();
    const fords = list.filter((car) => String(car.Name).includes('ford')).length;
    const out = await run({ conditions: [{ field: 'Name', operator: 'regex', value: '/ford/g' }] }, list);
    expect(out.main).toHaveLength(fords);
  });

  it('keeps the input items as they are, in their order', async () => {
    const list = cars();
    const out = await run({ conditions: [{ field: 'Origin', operator: 'equals', value: 'Japan' }] }, list);
    expect(out.main).toEqual(list.filter((car) => car.Origin === 'Japan'));
    expect(out.main[0]).toBe(list.find((car) => car.Origin === 'Japan'));
  });

  it('warns about a field no item has', async () => {
    const { ctx, logs } = fakeCtx(filter, {
      config: { conditions: [{ field: 'Horsepowr', operator: 'isNotEmpty' }] },
      inputs: { main: cars() },
    });
    const { outputs } = await filter.execute(ctx);
    expect(outputs.main).toHaveLength(0);
    expect(logs.find((l) => l.level === 'warn')?.message).toBe('No item has the field "Horsepowr". Check the spelling.');
  });

  it('names the condition that can not be used', async () => {
    await expect(run({ conditions: [] }, [{}])).rejects.toThrow('Add at least one condition.');
    await expect(run({}, [{}])).rejects.toThrow('Condition 1: enter the name of the field to check.');
    const badPattern = {
      conditions: [
        { field: 'a', operator: 'isEmpty' },
        { field: 'a', operator: 'regex', value: '(' },
      ],
    };
    await expect(run(badPattern, [{}])).rejects.toThrow(/Condition 2: "\(" is not a valid pattern/);
  });

  it('gives empty outputs for no items', async () => {
    expect(await run({ conditions: [{ field: 'a', operator: 'isEmpty' }] }, [])).toEqual({ main: [], discarded: [] });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import sort from '../../../nodes/sort';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA, vegaCsv } from '../../helpers/vega';

// Real public data from the vega-datasets package (dev dependency), read straight from disk.
const json = (name: string): unknown => JSON.parse(readFileSync(path.join(VEGA, name), 'utf8'));

const csv = (name: string): Item[] => vegaCsv(name);

// Checked with a node one-liner on vega-datasets 3.2.1: airports.csv has 3,376 airports in 57
// "states" (territories included), 205 in CA; cars.json has 6 cars without Horsepower;
// seattle-weather.csv temp_max runs from -1.6 to 35.6;
// movies.json has 9 titles that are numbers (9, 21, 54, 300, 1408, 1776, 1941, 2012, 2046) and one null.
const AIRPORTS = 3376;

const run = (config: unknown, items: Item[]) => runNode(sort, { config, inputs: { main: items } });
const asc = (field: string) => ({ field, direction: 'asc' });
const desc = (field: string) => ({ field, direction: 'desc' });

describe('sort', () => {
  it('sorts the 3,376 airports by state, then city, keeping the file order for equal ones', async () => {
    const airports = csv('airports.csv');
    expect(airports).toHaveLength(AIRPORTS);
    const out = await run({ keys: [asc('state'), asc('city')] }, airports);
    // Independently: the built-in stable sort with the same alphabetical comparison.
    const collator = new Intl.Collator(undefined, { numeric: true });
    const expected = [...airports].sort(
      (a, b) => collator.compare(String(a.state), String(b.state)) || collator.compare(String(a.city), String(b.city)),
    );
    expect(out.main).toEqual(expected);
    expect(out.main[0]).toMatchObject({ state: 'AK' });
    expect(out.main.filter((a) => a.state === 'CA')).toHaveLength(205);
  });

  it('sorts numbers written as text as numbers (Seattle temperatures)', async () => {
    const [header, ...lines] = readFileSync(path.join(VEGA, 'seattle-weather.csv'), 'utf8').trim().split('\n');
    const names = header.split(',');
    const days = lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
    const out = await run({ keys: [asc('temp_max')] }, days);
    const temps = out.main.map((d) => Number(d.temp_max));
    expect(temps).toEqual(days.map((d) => Number(d.temp_max)).sort((a, b) => a - b));
    expect(temps[0]).toBe(-1.6);
    expect(temps.at(-1)).toBe(35.6);
  });

  it('puts cars without horsepower last, in both directions', async () => {
    const cars = json('cars.json') as Item[];
    for (const direction of ['asc', 'desc']) {
      const out = await run({ keys: [{ field: 'Horsepower', direction }] }, cars);
      const hp = out.main.map((car) => car.Horsepower);
      expect(hp.slice(-6)).toEqual([null, null, null, null, null, null]);
      const numbers = hp.slice(0, -6) as number[];
      const sign = direction === 'asc' ? 1 : -1;
      expect(numbers).toEqual([...numbers].sort((a, b) => sign * (a - b)));
    }
  });

  it('sorts largest first with ties broken by the next field, equal items in their original order', async () => {
    const cars = json('cars.json') as Item[];
    const out = await run({ keys: [desc('Cylinders'), asc('Name')] }, cars);
    const collator = new Intl.Collator(undefined, { numeric: true });
    const expected = [...cars].sort(
      (a, b) => Number(b.Cylinders) - Number(a.Cylinders) || collator.compare(String(a.Name), String(b.Name)),
    );
    expect(out.main).toEqual(expected);
  });

  it('puts movie titles that are numbers first, by value, then text titles, the missing title last', async () => {
    const movies = json('movies.json') as Item[];
    const titles = (await run({ keys: [asc('Title')] }, movies)).main.map((m) => m.Title);
    expect(titles.slice(0, 9)).toEqual([9, 21, 54, 300, 1408, 1776, 1941, 2012, 2046]);
    expect(typeof titles[9]).toBe('string');
    expect(titles.at(-1)).toBeNull();
    const reversed = (await run({ keys: [desc('Title')] }, movies)).main.map((m) => m.Title);
    expect(reversed.slice(-10)).toEqual([2046, 2012, 1941, 1776, 1408, 300, 54, 21, 9, null]);
  });

  it('orders numbers inside text naturally, and can treat upper and lower case as equal', async () => {
    const names = (items: Item[]) => items.map((item) => item.n);
    const items = [{ n: 'item 10' }, { n: 'item 2' }, { n: 'b' }, { n: 'B' }, { n: 'A' }, { n: 'a' }, { n: '' }, {}];
    expect(names((await run({ keys: [asc('n')] }, items)).main)).toEqual(['a', 'A', 'b', 'B', 'item 2', 'item 10', '', undefined]);
    expect(names((await run({ keys: [asc('n')], ignoreCase: true }, items)).main)).toEqual([
      'A',
      'a',
      'b',
      'B',
      'item 2',
      'item 10',
      '',
      undefined,
    ]);
  });

  it('reads fields inside objects with a dotted name', async () => {
    const quakes = (json('earthquakes.json') as { features: Item[] }).features;
    const out = await run({ keys: [desc('properties.mag')] }, quakes);
    const mags = out.main.map((q) => (q.properties as Item).mag as number);
    expect(mags[0]).toBe(Math.max(...quakes.map((q) => (q.properties as Item).mag as number)));
    expect(mags).toEqual([...mags].sort((a, b) => b - a));
  });

  it('warns about a field no item has and asks for a field when none is given', async () => {
    const { ctx, logs } = fakeCtx(sort, { config: { keys: [asc('stat')] }, inputs: { main: [{ state: 'WA' }] } });
    await sort.execute(ctx);
    expect(logs.find((l) => l.level === 'warn')?.message).toBe('No item has the field "stat". Check the spelling.');
    await expect(run({}, [{}])).rejects.toThrow('Enter at least one field to sort by.');
  });
});

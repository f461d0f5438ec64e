import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import loadCsv from '../../../nodes/load-csv';
import removeDuplicates from '../../../nodes/remove-duplicates';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data: the vega-datasets package (a dev dependency), read straight from disk.
// Checked with node on vega-datasets 3.2.1: seattle-weather.csv has 5 kinds of weather; the first
// and last day of each are below. cars.json: 406 cars, no two identical, 311 different names.
const FIRST_DAY = { drizzle: '2012-01-01', rain: '2012-01-02', sun: '2012-01-08', snow: '2012-01-14', fog: '2012-07-11' };
const LAST_DAY = { snow: '2014-11-29', drizzle: '2015-10-06', rain: '2015-12-28', fog: '2015-12-29', sun: '2015-12-31' };
const CARS = 406;
const CAR_NAMES = 311;

const weather = async () => (await runNode(loadCsv, { config: { source: 'file', path: 'seattle-weather.csv' }, dataDir: VEGA })).main;
const cars = async () => JSON.parse(await readFile(path.join(VEGA, 'cars.json'), 'utf8')) as Item[];
const dedupe = (config: Record<string, unknown>, items: Item[]) => runNode(removeDuplicates, { config, inputs: { main: items } });

describe('remove-duplicates', () => {
  it('keeps the first day of each of the 5 kinds of weather', async () => {
    const out = await dedupe({ compare: 'columns', columns: 'weather' }, await weather());
    expect(out.main.map((day) => [day.weather, day.date])).toEqual(Object.entries(FIRST_DAY));
  });

  it('keeps the last one instead, in the original order', async () => {
    const out = await dedupe({ compare: 'columns', columns: 'weather', keep: 'last' }, await weather());
    expect(out.main.map((day) => [day.weather, day.date])).toEqual(Object.entries(LAST_DAY));
  });

  it('finds no duplicates among the cars, and removes copies with their keys in another order', async () => {
    const list = await cars();
    expect((await dedupe({}, list)).main).toHaveLength(CARS);
    const reordered = list.slice(0, 50).map((car) => Object.fromEntries(Object.entries(car).reverse()));
    const out = await dedupe({}, [...list, ...reordered]);
    expect(out.main).toEqual(list);
  });

  it('compares several columns together', async () => {
    const list = await cars();
    // Counted without the node: distinct names, and distinct name + year pairs.
    const pairs = new Set(list.map((car) => `${String(car.Name)}|${String(car.Year)}`)).size;
    expect((await dedupe({ compare: 'columns', columns: 'Name' }, list)).main).toHaveLength(CAR_NAMES);
    expect((await dedupe({ compare: 'columns', columns: 'Name, Year' }, list)).main).toHaveLength(pairs);
  });

  it('compares nested values deeply and treats a missing field like an empty one', async () => {
    const items = [{ a: { x: [1, { y: 2 }] } }, { a: { x: [1, { y: 2 }] } }, { a: { x: [1, { y: 3 }] } }, { b: 1 }, { a: null, b: 1 }];
    expect((await dedupe({ compare: 'columns', columns: 'a' }, items)).main).toEqual([items[0], items[2], items[3]]);
  });

  it('warns about a column no item has', async () => {
    const { ctx, logs } = fakeCtx(removeDuplicates, {
      config: { compare: 'columns', columns: 'wether' },
      inputs: { main: [{ weather: 'sun' }] },
    });
    await removeDuplicates.execute(ctx);
    expect(logs.find((l) => l.level === 'warn')?.message).toBe('No item has the column "wether". Check the spelling.');
  });

  it('asks for the columns to compare', () => {
    const issues = removeDuplicates.config.safeParse({ compare: 'columns' }).error?.issues ?? [];
    expect(issues.map((i) => i.message)).toEqual(['List the columns to compare, separated by commas.']);
  });
});

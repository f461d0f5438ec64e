import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import normalize from '../../../nodes/normalize';
import type { Item } from '../../../nodes/types';
import { fakeCtx } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data from the vega-datasets package (dev dependency), read straight from disk.
const json = (name: string): unknown => JSON.parse(readFileSync(path.join(VEGA, name), 'utf8'));
/** seattle-weather.csv has no quotes; cells stay text, as a CSV gives them. */
function weather(): Item[] {
  const [header, ...lines] = readFileSync(path.join(VEGA, 'seattle-weather.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}
// Checked with a node one-liner on vega-datasets 3.2.1: cars.json Horsepower runs from 46 to 230
// with 6 nulls, Weight_in_lbs from 1613 to 5140 with none; movies.json has 9 titles that are
// numbers, 3,191 text titles and one null title.

async function run(config: unknown, items: Item[]) {
  const { ctx, logs } = fakeCtx(normalize, { config, inputs: { main: items } });
  const { outputs } = await normalize.execute(ctx);
  return { items: outputs.main, warnings: logs.filter((l) => l.level === 'warn').map((l) => l.message) };
}
const numbers = (values: unknown[]) => values.filter((v): v is number => typeof v === 'number');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('normalize', () => {
  it('scales car horsepower and weight to 0…1, leaving cars without horsepower empty', async () => {
    const cars = json('cars.json') as Item[];
    const { items, warnings } = await run({ columns: 'Horsepower, Weight_in_lbs' }, cars);
    const hp = items.map((car) => car.Horsepower);
    expect(Math.min(...numbers(hp))).toBe(0);
    expect(Math.max(...numbers(hp))).toBe(1);
    expect(hp.filter((v) => v === null)).toHaveLength(6);
    // (130 - 46) / (230 - 46) for the first car.
    expect(items[0].Horsepower).toBeCloseTo((130 - 46) / (230 - 46), 12);
    expect(items[0].Weight_in_lbs).toBeCloseTo((3504 - 1613) / (5140 - 1613), 12);
    expect(warnings).toEqual(['"Horsepower": 6 values were empty; their result is empty (null).']);
    // The input items are not changed.
    expect(cars[0].Horsepower).toBe(130);
  });

  it('gives z-scores with the population standard deviation, in a new column', async () => {
    const days = weather();
    const { items } = await run({ columns: 'temp_max', method: 'zScore', output: 'newColumn', suffix: '_z' }, days);
    const z = items.map((day) => day.temp_max_z as number);
    expect(items[0].temp_max).toBe('12.8');
    // Independently: mean and population standard deviation of the 1,461 temperatures.
    const temps = days.map((day) => Number(day.temp_max));
    const m = mean(temps);
    const sd = Math.sqrt(mean(temps.map((t) => (t - m) ** 2)));
    expect(z[0]).toBeCloseTo((12.8 - m) / sd, 12);
    expect(mean(z)).toBeCloseTo(0, 12);
    // Population: the squares average to exactly 1 (a sample deviation would give 1460/1461).
    expect(mean(z.map((v) => v * v))).toBeCloseTo(1, 12);
  });

  it('sets values that are not numbers to empty and counts them in a warning', async () => {
    const movies = json('movies.json') as Item[];
    const { items, warnings } = await run({ columns: 'Title', output: 'newColumn' }, movies);
    expect(warnings).toEqual(['"Title": 3191 values were not numbers and 1 value was empty; their result is empty (null).']);
    expect(numbers(items.map((m) => m.Title_normalized))).toHaveLength(9);
    expect(items.find((m) => m.Title === 2046)?.Title_normalized).toBe(1);
    expect(items.find((m) => m.Title === 9)?.Title_normalized).toBe(0);
  });

  it('works on fields inside objects without changing the input', async () => {
    const quakes = (json('earthquakes.json') as { features: Item[] }).features;
    const { items } = await run({ columns: 'properties.mag', output: 'newColumn', suffix: '_scaled' }, quakes);
    const scaled = items.map((q) => (q.properties as Item).mag_scaled as number);
    expect(Math.min(...scaled)).toBe(0);
    expect(Math.max(...scaled)).toBe(1);
    expect((quakes[0].properties as Item).mag_scaled).toBeUndefined();
    expect((items[0].properties as Item).place).toBe((quakes[0].properties as Item).place);
  });

  it('gives 0 when all numbers are the same, with a warning', async () => {
    const { items, warnings } = await run({ columns: 'n', method: 'zScore' }, [{ n: 5 }, { n: '5' }, { n: 'x' }]);
    expect(items.map((item) => item.n)).toEqual([0, 0, null]);
    expect(warnings).toContain('"n": all its numbers are the same, so every result is 0.');
  });

  it('asks for columns and for the new column ending', async () => {
    await expect(run({}, [{ a: 1 }])).rejects.toThrow(/List the columns to normalize/);
    await expect(run({ columns: 'a', output: 'newColumn', suffix: ' ' }, [{ a: 1 }])).rejects.toThrow(/Enter the ending/);
    await expect(run({ columns: '__proto__' }, [{ a: 1 }])).rejects.toThrow(/can't be used/);
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import dropMissing from '../../../nodes/drop-missing';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data: the vega-datasets package (a dev dependency), read straight from disk.
const readVega = async (file: string) => JSON.parse(await readFile(path.join(VEGA, file), 'utf8')) as Item[];

// Checked with node on vega-datasets 3.2.1: cars.json has 406 cars; Miles_per_Gallon is null in 8,
// Horsepower in 6, never both, so 14 cars miss one of them; every other field is always filled.
// football.json has 6,508 matches; 4 (postponed) have null scores.
const CARS = 406;
const MISSING_MPG = 8;
const MISSING_HP = 6;
const FOOTBALL = 6508;
const FOOTBALL_NO_SCORE = 4;

const drop = (config: Record<string, unknown>, items: Item[]) => runNode(dropMissing, { config, inputs: { main: items } });

describe('drop-missing', () => {
  it('drops the 14 cars with a missing value in any column', async () => {
    const cars = await readVega('cars.json');
    // Counted independently of the node: a car is incomplete when any of its values is null.
    const complete = cars.filter((car) => Object.values(car).every((value) => value !== null));
    expect(CARS - complete.length).toBe(MISSING_MPG + MISSING_HP);
    const out = await drop({}, cars);
    expect(out.main).toHaveLength(CARS - MISSING_MPG - MISSING_HP);
    expect(out.main).toEqual(complete);
  });

  it('checks only the chosen columns', async () => {
    const cars = await readVega('cars.json');
    expect((await drop({ columns: 'Horsepower' }, cars)).main).toHaveLength(CARS - MISSING_HP);
    expect((await drop({ columns: ['Miles_per_Gallon'] }, cars)).main).toHaveLength(CARS - MISSING_MPG);
    // No car misses both, so "all of these" keeps every car.
    expect((await drop({ columns: 'Horsepower, Miles_per_Gallon', when: 'all' }, cars)).main).toHaveLength(CARS);
  });

  it('drops the postponed football matches without a score', async () => {
    const out = await drop({ columns: 'home_score, away_score' }, await readVega('football.json'));
    expect(out.main).toHaveLength(FOOTBALL - FOOTBALL_NO_SCORE);
  });

  it('counts empty text, NaN, missing fields and (by choice) spaces as empty', async () => {
    const items = [{ a: 'x', b: 1 }, { a: '', b: 1 }, { a: 'x', b: Number.NaN }, { b: 1 }, { a: '   ', b: 1 }, { a: 0, b: false }];
    expect((await drop({}, items)).main).toEqual([
      { a: 'x', b: 1 },
      { a: 0, b: false },
    ]);
    expect((await drop({ whitespace: false }, items)).main).toEqual([
      { a: 'x', b: 1 },
      { a: '   ', b: 1 },
      { a: 0, b: false },
    ]);
  });

  it('reads pandas\' missing words ("NA", "N/A", "null"…) as empty only when asked, and exactly as written', async () => {
    const words = ['NA', 'N/A', 'n/a', 'null', 'NULL', 'NaN', 'nan', 'None', '#N/A', '<NA>', '-nan', '1.#QNAN'];
    const kept = ['na ', 'Na', 'none', 'NONE', 'missing', '-', 'N.A.', 0];
    const items = [...words, ...kept].map((v, i) => ({ id: i, v }));
    expect((await drop({}, items)).main).toHaveLength(items.length);
    const out = await drop({ naText: true }, items);
    expect(out.main.map((item) => item.v)).toEqual(kept);
  });

  it('drops only rows empty everywhere with "all"', async () => {
    const items = [{ a: '', b: null }, { a: '', b: 2 }, {}];
    expect((await drop({ when: 'all' }, items)).main).toEqual([{ a: '', b: 2 }]);
  });

  it('reads columns inside objects with a dot', async () => {
    const items = [{ address: { city: 'Lyon' } }, { address: { city: '' } }, { address: null }];
    expect((await drop({ columns: 'address.city' }, items)).main).toEqual([{ address: { city: 'Lyon' } }]);
  });

  it('warns about a column no item has', async () => {
    const { ctx, logs } = fakeCtx(dropMissing, { config: { columns: 'Horsepowr' }, inputs: { main: [{ Horsepower: 1 }] } });
    expect((await dropMissing.execute(ctx)).outputs.main).toEqual([]);
    expect(logs.find((l) => l.level === 'warn')?.message).toBe(
      'No item has the column "Horsepowr", so it counts as empty everywhere. Check the spelling.',
    );
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fixTypes from '../../../nodes/fix-types';
import loadCsv from '../../../nodes/load-csv';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data: the vega-datasets package (a dev dependency), read straight from disk.
// Checked with node on vega-datasets 3.2.1: 1,461 days in seattle-weather.csv; no quotes in it.
const SEATTLE_ROWS = 1461;

const weather = async () => (await runNode(loadCsv, { config: { source: 'file', path: 'seattle-weather.csv' }, dataDir: VEGA })).main;
/** Column sums computed without the node: split lines, split on commas, Number(). */
async function plainSum(column: string): Promise<number> {
  const [header, ...rows] = (await readFile(path.join(VEGA, 'seattle-weather.csv'), 'utf8')).trimEnd().split('\n');
  const index = header.split(',').indexOf(column);
  return rows.reduce((sum, row) => sum + Number(row.split(',')[index]), 0);
}
const fix = (config: Record<string, unknown>, items: Item[]) => runNode(fixTypes, { config, inputs: { main: items } });
const sum = (items: Item[], column: string) => items.reduce((total, item) => total + (item[column] as number), 0);

describe('fix-types', () => {
  it('detects the number columns of seattle-weather, and the sums match', async () => {
    const out = await fix({}, await weather());
    expect(out.main).toHaveLength(SEATTLE_ROWS);
    expect(out.main[0]).toEqual({ date: '2012-01-01', precipitation: 0, temp_max: 12.8, temp_min: 5, wind: 4.7, weather: 'drizzle' });
    for (const column of ['precipitation', 'temp_max', 'temp_min', 'wind']) {
      expect(out.main.every((item) => typeof item[column] === 'number')).toBe(true);
      expect(sum(out.main, column)).toBeCloseTo(await plainSum(column), 6);
    }
    // The independent figure: 4,426 mm of rain in four years.
    expect(sum(out.main, 'precipitation')).toBeCloseTo(4426, 6);
  });

  it('rewrites detected dates as full ISO dates when asked', async () => {
    const out = await fix({ dates: 'iso' }, await weather());
    expect(out.main[0].date).toBe('2012-01-01T00:00:00.000Z');
    expect(out.main[SEATTLE_ROWS - 1].date).toBe('2015-12-31T00:00:00.000Z');
  });

  it('leaves mixed columns, codes with leading zeros and long ids as text', async () => {
    const items = [
      { zip: '01234', code: '12', id: '12345678901234567890', n: '-1.5e3', flag: 'TRUE', answer: 'yes' },
      { zip: '75001', code: 'A7', id: '1', n: '', flag: 'false', answer: 'no' },
    ];
    const out = await fix({}, items);
    expect(out.main).toEqual([
      { zip: '01234', code: '12', id: '12345678901234567890', n: -1500, flag: true, answer: 'yes' },
      { zip: '75001', code: 'A7', id: '1', n: null, flag: false, answer: 'no' },
    ]);
    const yesNo = await fix({ yesNo: true, emptyToNull: false, leave: 'flag' }, items);
    expect(yesNo.main[1]).toMatchObject({ n: '', flag: 'false', answer: false });
  });

  it('converts chosen columns of cars.json: Year to a date, Cylinders to text', async () => {
    const cars = JSON.parse(await readFile(path.join(VEGA, 'cars.json'), 'utf8')) as Item[];
    const out = await fix(
      {
        mode: 'columns',
        columns: [
          { column: 'Year', type: 'date' },
          { column: 'Cylinders', type: 'string' },
          { column: 'Horsepower', type: 'integer' },
        ],
      },
      cars,
    );
    expect(out.main[0]).toMatchObject({ Year: '1970-01-01T00:00:00.000Z', Cylinders: '8', Horsepower: 130 });
    // Missing horsepower stays missing: it is empty, not wrong.
    expect(out.main.filter((car) => car.Horsepower === null)).toHaveLength(6);
  });

  it('stops at the first value that is not a whole number, naming the row and column', async () => {
    await expect(
      fix({ mode: 'columns', columns: [{ column: 'temp_max', type: 'integer' }], onInvalid: 'fail' }, await weather()),
    ).rejects.toThrow(
      'Row 1, column "temp_max": "12.8" is not a whole number. Fix the value, choose another type, or set "When a value can\'t be converted" to empty it or leave it.',
    );
  });

  it('empties or keeps values that cannot be converted, and says how many', async () => {
    const items = [{ price: '12.5' }, { price: 'n/a' }, { price: ' ' }, { other: 1 }];
    const { ctx, logs } = fakeCtx(fixTypes, {
      config: { mode: 'columns', columns: [{ column: 'price', type: 'number' }] },
      inputs: { main: items },
    });
    expect((await fixTypes.execute(ctx)).outputs.main).toEqual([{ price: 12.5 }, { price: null }, { price: null }, { other: 1 }]);
    expect(logs.find((l) => l.level === 'warn')?.message).toBe('1 value could not be converted and was emptied (null).');
    const kept = await fix({ mode: 'columns', columns: [{ column: 'price', type: 'number' }], onInvalid: 'keep' }, items);
    expect(kept.main[1]).toEqual({ price: 'n/a' });
  });

  it('reads yes/no words and dates in several shapes when the type is chosen', async () => {
    const items = [
      { ok: 'Yes', when: '2015/01/01 01:00:00' },
      { ok: 'off', when: '2024-02-29T12:00:00+02:00' },
      { ok: 0, when: '2023-02-29' },
    ];
    const out = await fix(
      {
        mode: 'columns',
        columns: [
          { column: 'ok', type: 'boolean' },
          { column: 'when', type: 'date' },
        ],
      },
      items,
    );
    expect(out.main).toEqual([
      { ok: true, when: '2015-01-01T01:00:00.000Z' },
      { ok: false, when: '2024-02-29T10:00:00.000Z' },
      // 2023 had no February 29th.
      { ok: false, when: null },
    ]);
  });

  it('does not change the input items', async () => {
    const items = [{ n: '1' }];
    await fix({}, items);
    expect(items).toEqual([{ n: '1' }]);
  });

  it('asks for at least one column when choosing types per column', () => {
    const issues = fixTypes.config.safeParse({ mode: 'columns' }).error?.issues ?? [];
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([['columns', 'Add at least one column and the type to give it.']]);
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import renameColumns from '../../../nodes/rename-columns';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data: the vega-datasets package (a dev dependency), read straight from disk.
// cars.json (406 cars) has these 9 fields on every car, in this order (checked with node).
const CARS = 406;
const CAR_COLUMNS = [
  'Name',
  'Miles_per_Gallon',
  'Cylinders',
  'Displacement',
  'Horsepower',
  'Weight_in_lbs',
  'Acceleration',
  'Year',
  'Origin',
];

const cars = async () => JSON.parse(await readFile(path.join(VEGA, 'cars.json'), 'utf8')) as Item[];
const rename = (config: Record<string, unknown>, items: Item[]) => runNode(renameColumns, { config, inputs: { main: items } });

describe('rename-columns', () => {
  it('renames cars.json columns in place, values untouched', async () => {
    const list = await cars();
    const out = await rename(
      {
        renames: [
          { from: 'Miles_per_Gallon', to: 'mpg' },
          { from: 'Weight_in_lbs', to: 'weight' },
        ],
      },
      list,
    );
    expect(out.main).toHaveLength(CARS);
    expect(Object.keys(out.main[0])).toEqual(
      CAR_COLUMNS.map((c) => (c === 'Miles_per_Gallon' ? 'mpg' : c === 'Weight_in_lbs' ? 'weight' : c)),
    );
    expect(out.main.map((car) => car.mpg)).toEqual(list.map((car) => car.Miles_per_Gallon));
    expect(Object.keys(list[0])).toEqual(CAR_COLUMNS);
  });

  it('swaps two names, and a renamed column replaces one that had its new name', async () => {
    expect(
      (
        await rename(
          {
            renames: [
              { from: 'a', to: 'b' },
              { from: 'b', to: 'a' },
            ],
          },
          [{ a: 1, b: 2 }],
        )
      ).main,
    ).toEqual([{ b: 1, a: 2 }]);
    expect((await rename({ renames: [{ from: 'a', to: 'b' }] }, [{ a: 1, b: 2 }, { b: 3 }])).main).toEqual([{ b: 1 }, { b: 3 }]);
  });

  it('keeps only the listed columns, in the order listed', async () => {
    const out = await rename({ action: 'select', columns: 'Origin, Name, Horsepower' }, await cars());
    expect(out.main[0]).toEqual({ Origin: 'USA', Name: 'chevrolet chevelle malibu', Horsepower: 130 });
    expect(out.main.every((car) => Object.keys(car).join() === 'Origin,Name,Horsepower')).toBe(true);
  });

  it('removes the listed columns', async () => {
    const out = await rename({ action: 'drop', columns: ['Year', 'Origin'] }, await cars());
    expect(Object.keys(out.main[0])).toEqual(CAR_COLUMNS.slice(0, 7));
  });

  it('warns about names that no item has', async () => {
    const { ctx, logs } = fakeCtx(renameColumns, {
      config: { renames: [{ from: 'Nmae', to: 'name' }] },
      inputs: { main: [{ Name: 'x' }] },
    });
    expect((await renameColumns.execute(ctx)).outputs.main).toEqual([{ Name: 'x' }]);
    expect(logs.find((l) => l.level === 'warn')?.message).toBe('No item has the column "Nmae", so it was not renamed. Check the spelling.');
  });

  it('explains half-filled rows and two columns renamed to the same name', () => {
    const issues =
      renameColumns.config.safeParse({ renames: [{ from: 'a', to: 'x' }, { from: 'b', to: 'x' }, { from: 'c' }] }).error?.issues ?? [];
    expect(issues.map((i) => i.message)).toEqual(['Rows 1 and 2 both rename a column to "x".', 'Row 3: enter the new name.']);
    const select = renameColumns.config.safeParse({ action: 'select' }).error?.issues ?? [];
    expect(select.map((i) => i.message)).toEqual(['List the columns, separated by commas.']);
  });
});

import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import loadCsv from '../../../nodes/load-csv';
import saveCsv from '../../../nodes/save-csv';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data: the vega-datasets package (a dev dependency), read straight from disk.
// Checked with node on vega-datasets 3.2.1: 1,461 days in seattle-weather.csv, 3,376 airports, 406 cars.
const SEATTLE_ROWS = 1461;
const AIRPORT_ROWS = 3376;
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

const loadVega = async (file: string) => (await runNode(loadCsv, { config: { source: 'file', path: file }, dataDir: VEGA })).main;
const cars = async () => JSON.parse(await readFile(path.join(VEGA, 'cars.json'), 'utf8')) as Item[];

describe('save-csv', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'save-csv-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const save = (config: Record<string, unknown>, items: Item[]) => runNode(saveCsv, { config, inputs: { main: items }, dataDir });
  const read = (file: string) => readFile(path.join(dataDir, file), 'utf8');

  it('writes seattle-weather back byte for byte, and says where and how much', async () => {
    const items = await loadVega('seattle-weather.csv');
    const out = await save({ path: 'reports/weather.csv' }, items);
    const fullPath = path.join(dataDir, 'reports', 'weather.csv');
    expect(out.main).toEqual([{ path: 'reports/weather.csv', fullPath, rows: SEATTLE_ROWS, bytes: (await stat(fullPath)).size }]);
    expect(await read('reports/weather.csv')).toBe(await readFile(path.join(VEGA, 'seattle-weather.csv'), 'utf8'));
  });

  it('round-trips airports.csv (quoted names with commas) through save and load', async () => {
    const items = await loadVega('airports.csv');
    await save({ path: 'airports.csv' }, items);
    const again = await runNode(loadCsv, { config: { source: 'file', path: 'airports.csv' }, dataDir });
    expect(again.main).toHaveLength(AIRPORT_ROWS);
    expect(again.main).toEqual(items);
  });

  it('writes cars.json with every column and empty cells for missing values', async () => {
    const out = await save({ path: 'cars.csv' }, await cars());
    expect(out.main[0]).toMatchObject({ rows: CARS });
    const lines = (await read('cars.csv')).trimEnd().split('\n');
    expect(lines).toHaveLength(CARS + 1);
    expect(lines[0]).toBe(CAR_COLUMNS.join(','));
    // Row 11 of cars.json (citroen ds-21 pallas) has no Miles_per_Gallon.
    expect(lines[11]).toBe('citroen ds-21 pallas,,4,133,115,3090,17.5,1970-01-01,Europe');
  });

  it('writes only the listed columns, in that order, with the chosen separator and no header', async () => {
    await save(
      { path: 'names.csv', columns: 'chosen', columnList: 'Origin, Name', delimiter: 'semicolon', header: false },
      (await cars()).slice(0, 2),
    );
    expect(await read('names.csv')).toBe('USA;chevrolet chevelle malibu\nUSA;buick skylark 320\n');
  });

  it('writes objects as JSON and quotes what needs quoting', async () => {
    await save({ path: 'mixed.csv' }, [{ a: { b: 1 }, c: 'say "hi", ok', d: null, e: true }, { f: 'only later' }]);
    expect(await read('mixed.csv')).toBe('a,c,d,e,f\n"{""b"":1}","say ""hi"", ok",,true,\n,,,,only later\n');
  });

  it('stops without touching an existing file when told to fail', async () => {
    await writeFile(path.join(dataDir, 'keep.csv'), 'old\n');
    await expect(save({ path: 'keep.csv', ifExists: 'fail' }, [{ a: 1 }])).rejects.toThrow(
      'The file "keep.csv" already exists. Choose another path, or set "If the file already exists" to replace it or add to it.',
    );
    expect(await read('keep.csv')).toBe('old\n');
  });

  it('adds rows under the existing header, in its column order', async () => {
    const { ctx, logs } = fakeCtx(saveCsv, {
      config: { path: 'log.csv', ifExists: 'append' },
      inputs: { main: [{ b: 1, a: 2 }] },
      dataDir,
    });
    await saveCsv.execute(ctx);
    ctx.inputs = { main: [{ a: 3, b: 4, extra: 'x' }] };
    const out = await saveCsv.execute(ctx);
    expect(await read('log.csv')).toBe('b,a\n1,2\n4,3\n');
    expect(out.outputs.main[0]).toMatchObject({ rows: 1 });
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('"extra"'))).toBe(true);
  });

  it('starts a new line when the file it adds to does not end with one', async () => {
    await writeFile(path.join(dataDir, 'log.csv'), 'a,b\n1,2');
    await save({ path: 'log.csv', ifExists: 'append' }, [{ a: 3, b: 4 }]);
    expect(await read('log.csv')).toBe('a,b\n1,2\n3,4\n');
  });

  it('replaces a file and leaves no temporary file behind', async () => {
    await writeFile(path.join(dataDir, 'out.csv'), 'old\n');
    await save({ path: 'out.csv' }, [{ a: 1 }]);
    expect(await read('out.csv')).toBe('a\n1\n');
    expect(await readdir(dataDir)).toEqual(['out.csv']);
  });

  it('keeps the old file when the run is cancelled while replacing it', async () => {
    await writeFile(path.join(dataDir, 'out.csv'), 'old\n');
    const { ctx, controller } = fakeCtx(saveCsv, {
      config: { path: 'out.csv' },
      inputs: { main: await loadVega('airports.csv') },
      dataDir,
    });
    const running = saveCsv.execute(ctx);
    controller.abort(new Error('Run cancelled'));
    await expect(running).rejects.toThrow('Run cancelled');
    expect(await read('out.csv')).toBe('old\n');
    expect(await readdir(dataDir)).toEqual(['out.csv']);
  });

  it('writes an empty file for no items', async () => {
    const out = await save({ path: 'empty.csv' }, []);
    expect(out.main[0]).toMatchObject({ rows: 0, bytes: 0 });
  });

  it('refuses paths outside the data folder, and folders', async () => {
    await expect(save({ path: '../escape.csv' }, [{ a: 1 }])).rejects.toThrow(/"\.\.\/escape\.csv" is outside the data folder/);
    await save({ path: 'reports/a.csv' }, [{ a: 1 }]);
    await expect(save({ path: 'reports' }, [{ a: 1 }])).rejects.toThrow('"reports" is a folder. Add a file name to the path');
  });

  it('asks for a path and for the columns to write', () => {
    expect(saveCsv.config.safeParse({}).error?.issues.map((i) => i.message)).toEqual([
      'Enter the path to save to inside the data folder, like reports/out.csv.',
    ]);
    const issues = saveCsv.config.safeParse({ path: 'a.csv', columns: 'chosen' }).error?.issues ?? [];
    expect(issues.map((i) => i.path.join('.'))).toEqual(['columnList']);
  });
});

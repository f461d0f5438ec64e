import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import loadJson from '../../../nodes/load-json';
import saveJson from '../../../nodes/save-json';
import type { Item } from '../../../nodes/types';
import { runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data: the vega-datasets package (a dev dependency), read straight from disk.
// Checked with node on vega-datasets 3.2.1: cars.json is a list of 406 cars.
const CARS = 406;
const cars = async () => JSON.parse(await readFile(path.join(VEGA, 'cars.json'), 'utf8')) as Item[];

describe('save-json', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'save-json-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const save = (config: Record<string, unknown>, items: Item[]) => runNode(saveJson, { config, inputs: { main: items }, dataDir });
  const read = (file: string) => readFile(path.join(dataDir, file), 'utf8');

  it('writes cars.json as pretty JSON that reads back the same', async () => {
    const items = await cars();
    const out = await save({ path: 'exports/cars.json' }, items);
    const fullPath = path.join(dataDir, 'exports', 'cars.json');
    expect(out.main).toEqual([{ path: 'exports/cars.json', fullPath, rows: CARS, bytes: (await stat(fullPath)).size }]);
    const text = await read('exports/cars.json');
    expect(text).toBe(`${JSON.stringify(items, null, 2)}\n`);
    const again = await runNode(loadJson, { config: { source: 'file', path: 'exports/cars.json' }, dataDir });
    expect(again.main).toEqual(items);
  });

  it('writes compact JSON on one line', async () => {
    const items = await cars();
    await save({ path: 'cars.json', format: 'compact' }, items);
    expect(await read('cars.json')).toBe(`${JSON.stringify(items)}\n`);
  });

  it('writes JSON Lines for a .jsonl path, and adds to the end of it', async () => {
    const items = await cars();
    await save({ path: 'cars.jsonl' }, items.slice(0, 400));
    const out = await save({ path: 'cars.jsonl', ifExists: 'append' }, items.slice(400));
    expect(out.main[0]).toMatchObject({ rows: 6 });
    const lines = (await read('cars.jsonl')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(items);
  });

  it('adds to a JSON list by writing the old and new items together', async () => {
    await writeFile(path.join(dataDir, 'list.json'), '[{"a":1}]');
    await save({ path: 'list.json', ifExists: 'append', format: 'compact' }, [{ a: 2 }]);
    expect(await read('list.json')).toBe('[{"a":1},{"a":2}]\n');
  });

  it('refuses to add to a file that is not a JSON list', async () => {
    await writeFile(path.join(dataDir, 'obj.json'), '{"a":1}');
    await expect(save({ path: 'obj.json', ifExists: 'append' }, [{ a: 2 }])).rejects.toThrow(
      'The file "obj.json" does not hold a list, so items can\'t be added to it.',
    );
    expect(await read('obj.json')).toBe('{"a":1}');
  });

  it('writes an empty list for no items', async () => {
    await save({ path: 'none.json' }, []);
    expect(await read('none.json')).toBe('[]\n');
  });

  it('stops when the file exists and that was asked for, and refuses paths outside the data folder', async () => {
    await writeFile(path.join(dataDir, 'x.json'), '[]');
    await expect(save({ path: 'x.json', ifExists: 'fail' }, [{ a: 1 }])).rejects.toThrow('The file "x.json" already exists.');
    await expect(save({ path: '/tmp/elsewhere.json' }, [{ a: 1 }])).rejects.toThrow(/is outside the data folder/);
  });
});

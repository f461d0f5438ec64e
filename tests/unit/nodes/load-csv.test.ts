import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import loadCsv from '../../../nodes/load-csv';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Figures below were checked by hand with node and `wc -l` on vega-datasets 3.2.1:
// seattle-weather.csv: 1,462 lines = a header + 1,461 days (2012-01-01 to 2015-12-31), no quotes.
const SEATTLE_ROWS = 1461;
const SEATTLE_COLUMNS = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'];
// airports.csv: 3,377 lines = a header + 3,376 airports; some names are quoted because they hold commas.
const AIRPORT_ROWS = 3376;
// unemployment.tsv: 3,219 lines = a header + 3,218 counties, separated by tabs.
const UNEMPLOYMENT_ROWS = 3218;
// football.json: 6,508 matches, 720 of them in the "Österreichische Bundesliga" (the only non-ASCII letter).
const FOOTBALL_ROWS = 6508;
const AUSTRIAN_MATCHES = 720;

/** A tiny independent reader for files without quotes: split lines, split on the delimiter. */
async function plainRows(file: string, delimiter = ','): Promise<string[][]> {
  const text = await readFile(path.join(VEGA, file), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(delimiter));
}

const load = (config: Record<string, unknown>, dataDir = VEGA) => runNode(loadCsv, { config, dataDir });

describe('load-csv', () => {
  it('reads seattle-weather.csv into 1,461 items with its six columns, values kept as text', async () => {
    const out = await load({ source: 'file', path: 'seattle-weather.csv' });
    const rows = await plainRows('seattle-weather.csv');
    expect(out.main).toHaveLength(SEATTLE_ROWS);
    expect(rows).toHaveLength(SEATTLE_ROWS + 1);
    expect(Object.keys(out.main[0])).toEqual(SEATTLE_COLUMNS);
    expect(out.main[0]).toEqual({
      date: '2012-01-01',
      precipitation: '0.0',
      temp_max: '12.8',
      temp_min: '5.0',
      wind: '4.7',
      weather: 'drizzle',
    });
    // Every cell equals what the plain reader sees.
    expect(out.main.map((item) => SEATTLE_COLUMNS.map((c) => item[c]))).toEqual(rows.slice(1));
  });

  it('keeps quoted values with commas whole in airports.csv', async () => {
    const out = await load({ source: 'file', path: 'airports.csv' });
    expect(out.main).toHaveLength(AIRPORT_ROWS);
    expect(out.main.find((item) => item.iata === '35A')).toEqual({
      iata: '35A',
      name: 'Union County, Troy Shelton',
      city: 'Union',
      state: 'SC',
      country: 'USA',
      latitude: '34.68680111',
      longitude: '-81.64121167',
    });
  });

  it('detects tabs (unemployment.tsv) and semicolons by itself', async () => {
    const tsv = await load({ source: 'file', path: 'unemployment.tsv' });
    expect(tsv.main).toHaveLength(UNEMPLOYMENT_ROWS);
    expect(tsv.main[0]).toEqual({ id: '1001', rate: '.097' });

    const semicolons = (await readFile(path.join(VEGA, 'seattle-weather.csv'), 'utf8')).replaceAll(',', ';');
    const out = await load({ source: 'text', text: semicolons });
    expect(out.main).toHaveLength(SEATTLE_ROWS);
    expect(Object.keys(out.main[0])).toEqual(SEATTLE_COLUMNS);
  });

  it('uses the chosen delimiter instead of guessing', async () => {
    const out = await load({ source: 'text', text: 'a;b,c\n1;2,3\n', delimiter: 'comma' });
    expect(out.main).toEqual([{ 'a;b': '1;2', c: '3' }]);
  });

  it('names columns column_1… and keeps the first line as data when there is no header', async () => {
    const out = await load({ source: 'file', path: 'seattle-weather.csv', hasHeader: false });
    expect(out.main).toHaveLength(SEATTLE_ROWS + 1);
    expect(out.main[0]).toEqual(Object.fromEntries(SEATTLE_COLUMNS.map((name, i) => [`column_${i + 1}`, name])));
  });

  it('runs once whatever comes in', async () => {
    const out = await runNode(loadCsv, {
      config: { source: 'file', path: 'seattle-weather.csv' },
      dataDir: VEGA,
      inputs: { main: [{ a: 1 }, { a: 2 }, { a: 3 }] },
    });
    expect(out.main).toHaveLength(SEATTLE_ROWS);
  });

  it('detects numbers when asked, and the precipitation total matches', async () => {
    const out = await load({ source: 'file', path: 'seattle-weather.csv', inferTypes: true });
    const expected = (await plainRows('seattle-weather.csv')).slice(1).reduce((sum, row) => sum + Number(row[1]), 0);
    expect(out.main[0]).toEqual({ date: '2012-01-01', precipitation: 0, temp_max: 12.8, temp_min: 5, wind: 4.7, weather: 'drizzle' });
    expect(out.main.every((item) => typeof item.precipitation === 'number')).toBe(true);
    expect(out.main.reduce((sum, item) => sum + (item.precipitation as number), 0)).toBeCloseTo(expected, 9);
    expect(expected).toBeCloseTo(4426, 9);
  });

  describe('encodings', () => {
    let dataDir: string;
    let csv: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'load-csv-'));
      const matches = JSON.parse(await readFile(path.join(VEGA, 'football.json'), 'utf8')) as Record<string, unknown>[];
      // No value in football.json holds a comma or a quote, so plain joining is valid CSV.
      const columns = Object.keys(matches[0]);
      csv = [columns.join(','), ...matches.map((m) => columns.map((c) => m[c] ?? '').join(','))].join('\n') + '\n';
      await writeFile(path.join(dataDir, 'football-latin1.csv'), Buffer.from(csv, 'latin1'));
      await writeFile(path.join(dataDir, 'football-utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    });
    afterAll(() => rm(dataDir, { recursive: true, force: true }));

    const austrian = (items: Record<string, unknown>[]) => items.filter((m) => m.division === 'Österreichische Bundesliga').length;

    it('reads Latin-1 files when told to, and not when read as UTF-8', async () => {
      const latin1 = await load({ source: 'file', path: 'football-latin1.csv', encoding: 'latin1' }, dataDir);
      expect(latin1.main).toHaveLength(FOOTBALL_ROWS);
      expect(austrian(latin1.main)).toBe(AUSTRIAN_MATCHES);
      const wrong = await load({ source: 'file', path: 'football-latin1.csv' }, dataDir);
      expect(austrian(wrong.main)).toBe(0);
    });

    it('reads UTF-16 files with a byte-order mark', async () => {
      const out = await load({ source: 'file', path: 'football-utf16.csv', encoding: 'utf16le' }, dataDir);
      expect(out.main).toHaveLength(FOOTBALL_ROWS);
      expect(austrian(out.main)).toBe(AUSTRIAN_MATCHES);
    });
  });

  it('skips empty lines, fills short rows, names extra cells and numbers repeated headers', async () => {
    const text = 'name,name,\n\nAda,Lovelace,x\n,,\nBob\n1,2,3,4\n';
    const out = await load({ source: 'text', text });
    expect(out.main).toEqual([
      { name: 'Ada', name_2: 'Lovelace', column_3: 'x' },
      { name: 'Bob', name_2: '', column_3: '' },
      { name: '1', name_2: '2', column_3: '3', column_4: '4' },
    ]);
    const kept = await load({ source: 'text', text: 'a,b\n,\n1,2\n', skipEmptyLines: false });
    expect(kept.main).toEqual([
      { a: '', b: '' },
      { a: '1', b: '2' },
    ]);
  });

  it('keeps a column named __proto__ as a plain field', async () => {
    const out = await load({ source: 'text', text: '__proto__,b\n{},2\n' });
    expect(Object.hasOwn(out.main[0], '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out.main[0])).toBe(Object.prototype);
  });

  describe('from a web address', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/seattle-weather.csv') {
          res.writeHead(200, { 'content-type': 'text/csv' });
          void readFile(path.join(VEGA, 'seattle-weather.csv')).then((body) => res.end(body));
          return;
        }
        if (req.url === '/never-ends.csv') {
          // Sends a first chunk, then keeps the download open for ever.
          res.writeHead(200, { 'content-type': 'text/csv' });
          res.write('a,b\n1,2\n'.repeat(50_000));
          return;
        }
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('downloads and reads the CSV', async () => {
      const out = await load({ source: 'url', url: `${base}/seattle-weather.csv` });
      expect(out.main).toHaveLength(SEATTLE_ROWS);
      expect(out.main[SEATTLE_ROWS - 1]).toMatchObject({ date: '2015-12-31', weather: 'sun' });
    });

    it('stops a download that is still going when the run is cancelled', async () => {
      const { ctx, controller } = fakeCtx(loadCsv, { config: { source: 'url', url: `${base}/never-ends.csv` } });
      const running = loadCsv.execute(ctx);
      setTimeout(() => controller.abort(new Error('Run cancelled')), 200);
      await expect(running).rejects.toThrow('Run cancelled');
    });

    it('says which status the server answered', async () => {
      await expect(load({ source: 'url', url: `${base}/missing.csv` })).rejects.toThrow(
        `Downloading ${base}/missing.csv failed: the server answered with status 404 Not Found`,
      );
    });
  });

  it('refuses a path outside the data folder', async () => {
    await expect(load({ source: 'file', path: '../../etc/passwd' })).rejects.toThrow(
      /"\.\.\/\.\.\/etc\/passwd" is outside the data folder/,
    );
  });

  it('names the path of a missing file', async () => {
    await expect(load({ source: 'file', path: 'imports/nope.csv' })).rejects.toThrow(
      'There is no file "imports/nope.csv" in the data folder. Check the spelling of the path, or upload the file first.',
    );
  });

  it('points at the line where a quote that is never closed opens', async () => {
    // csv-parse said "near line 4" here: the line it had reached at the end, not the quote's.
    await expect(load({ source: 'text', text: 'a,b\n1,2\n"open,3\n4,5\n' })).rejects.toThrow(
      'Could not read the pasted text: A value in double quotes that starts on line 3 is never closed.',
    );
    await expect(load({ source: 'text', text: 'a,b\r\n"x\r\ny",2\r\n3,"4\r\n5,6\r\n' })).rejects.toThrow(
      'starts on line 4 is never closed',
    );
  });

  it('stops when the run is cancelled', async () => {
    const { ctx, controller } = fakeCtx(loadCsv, { config: { source: 'file', path: 'airports.csv' }, dataDir: VEGA });
    const running = loadCsv.execute(ctx);
    controller.abort(new Error('Run cancelled'));
    await expect(running).rejects.toThrow('Run cancelled');
  });

  it('asks for the field the chosen source needs', () => {
    expect(loadCsv.config.safeParse({}).error?.issues.map((i) => i.message)).toEqual(['Choose where the data comes from.']);
    const issues = loadCsv.config.safeParse({ source: 'url' }).error?.issues ?? [];
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([['url', 'Enter the web address to download the data from.']]);
  });
});

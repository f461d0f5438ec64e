import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import loadJson from '../../../nodes/load-json';
import { textLines } from '../../../nodes/lib/json-read';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Checked with node on vega-datasets 3.2.1: cars.json is a list of 406 cars;
// miserables.json is {"nodes": [77 characters], "links": [254 links]}.
const CARS = 406;
const MISERABLES_NODES = 77;
const MISERABLES_LINKS = 254;

const readVega = async (file: string) => JSON.parse(await readFile(path.join(VEGA, file), 'utf8')) as unknown;
const load = (config: Record<string, unknown>, dataDir = VEGA) => runNode(loadJson, { config, dataDir });

describe('load-json', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'load-json-'));
    const cars = (await readVega('cars.json')) as unknown[];
    await writeFile(path.join(dataDir, 'cars.jsonl'), cars.map((car) => JSON.stringify(car)).join('\n') + '\n');
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('reads a list of objects (cars.json) into one item per car', async () => {
    const out = await load({ source: 'file', path: 'cars.json' });
    expect(out.main).toHaveLength(CARS);
    expect(out.main).toEqual(await readVega('cars.json'));
  });

  it('takes the list from inside an object with "Where the list is"', async () => {
    const nodes = await load({ source: 'file', path: 'miserables.json', listPath: 'nodes' });
    expect(nodes.main).toHaveLength(MISERABLES_NODES);
    expect(nodes.main[0]).toEqual({ name: 'Myriel', group: 1, index: 0 });
    const links = await load({ source: 'file', path: 'miserables.json', listPath: 'links' });
    expect(links.main).toHaveLength(MISERABLES_LINKS);
    const nested = await load({ source: 'text', text: '{"data": {"items": [{"id": 1}, {"id": 2}]}}', listPath: 'data.items' });
    expect(nested.main).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('gives one item for an object, with a hint where its list is', async () => {
    const { ctx, logs } = fakeCtx(loadJson, { config: { source: 'file', path: 'miserables.json' }, dataDir: VEGA });
    const out = (await loadJson.execute(ctx)).outputs;
    expect(out.main).toHaveLength(1);
    expect(logs.find((l) => l.level === 'warn')?.message).toMatch(/set "Where the list is" to nodes/);
  });

  it('says what is at the top when the list is not where it was said to be', async () => {
    await expect(load({ source: 'file', path: 'miserables.json', listPath: 'data.items' })).rejects.toThrow(
      'There is nothing at "data.items". At the top, the data has: "nodes", "links". Check "Where the list is".',
    );
  });

  it('reads JSON Lines by the file name, line by line', async () => {
    const out = await load({ source: 'file', path: 'cars.jsonl' }, dataDir);
    expect(out.main).toHaveLength(CARS);
    expect(out.main).toEqual(await readVega('cars.json'));
  });

  it('recognises pasted JSON Lines, and reads them when chosen', async () => {
    const text = '{"a":1}\n{"a":2}\n\n{"a":3}\n';
    expect((await load({ source: 'text', text })).main).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect((await load({ source: 'text', text, format: 'jsonl' })).main).toHaveLength(3);
  });

  it('splits streamed lines right when a chunk ends inside a line or inside a letter', async () => {
    const bytes = Buffer.from('\uFEFF{"team":"Österreich"}\r\n{"a":2}\n{"b":3}', 'utf8');
    const chunks = async function* () {
      // One byte at a time: every boundary, including the middle of "Ö", is crossed.
      for (const byte of bytes) yield Buffer.from([byte]);
    };
    const lines: string[] = [];
    for await (const line of textLines(chunks(), 'utf8')) lines.push(line);
    expect(lines).toEqual(['{"team":"Österreich"}', '{"a":2}', '{"b":3}']);
  });

  it('wraps values that are not objects as { value }', async () => {
    const out = await load({ source: 'text', text: '[1, "two", null, [3], {"four": 4}]' });
    expect(out.main).toEqual([{ value: 1 }, { value: 'two' }, { value: null }, { value: [3] }, { four: 4 }]);
  });

  it('points at the line of a mistake', async () => {
    await expect(load({ source: 'text', text: '[\n  {"a": 1},\n  {"a": 2}}\n]', format: 'json' })).rejects.toThrow(
      /Could not read the pasted text: It is not valid JSON: the mistake is on line 3, column 11/,
    );
    await expect(load({ source: 'text', text: '{"a":1}\n{"a":\n', format: 'jsonl' })).rejects.toThrow(/Line 2 is not valid JSON/);
  });

  it('names the path of a missing file and refuses paths outside the data folder', async () => {
    await expect(load({ source: 'file', path: 'nope.json' })).rejects.toThrow('There is no file "nope.json" in the data folder.');
    await expect(load({ source: 'file', path: '/etc/passwd' })).rejects.toThrow(/is outside the data folder/);
  });

  describe('from a web address', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/api/cars') {
          void readFile(path.join(VEGA, 'cars.json')).then((body) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(`{"data": {"items": ${body.toString('utf8')}}}`);
          });
          return;
        }
        res.writeHead(500).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('downloads a document and takes its list', async () => {
      const out = await load({ source: 'url', url: `${base}/api/cars`, listPath: 'data.items' });
      expect(out.main).toHaveLength(CARS);
    });

    it('refuses an address that is not a web address', async () => {
      await expect(load({ source: 'url', url: 'ftp://example.com/a.json' })).rejects.toThrow(/should start with http:\/\/ or https:\/\//);
    });
  });
});

/**
 * The data folder over HTTP, with a real run (real graphile-worker, real Postgres) on real data:
 * - the inspector's Download link: a run loads the 406 cars of vega-datasets' cars.json and saves
 *   them as CSV; the web server hands that file back, and only files a Save step's result names;
 * - the Upload button of Load CSV: seattle-weather.csv (1,461 days, counted with a node
 *   one-liner) is uploaded and a Load CSV step reads it from the path the upload answered.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { serveUpload } from '../../server/http/file-upload';
import { startWebServer, type WebServer } from '../../server/http/server';
import { getRunResult } from '../../server/services/run-result';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { startDocumentRun } from '../../server/services/runs';
import { cookieAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';
import { VEGA } from '../helpers/vega';

let t: Harness;
let ctx: Harness['ctx'];
let web: WebServer;
let filesDir: string;
let base: string;
/** The signed-in editor's session cookie. */
let cookie: string;

beforeAll(async () => {
  filesDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-download-'));
  await copyFile(path.join(VEGA, 'cars.json'), path.join(filesDir, 'cars.json'));
  t = await startHarness({ worker: { concurrency: 2, filesDir } });
  ctx = t.ctx;
  web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true, filesDir });
  base = web.url.replace('localhost', '127.0.0.1');
  // The owner: these runs are of unsaved documents, which only owners and admins reach (server/auth/access.ts).
  cookie = await cookieAs(ctx, 'owner');
});

afterAll(async () => {
  await web?.close();
  await t?.stop();
  await rm(filesDir, { recursive: true, force: true });
});

/** Start ─► Load cars ─► Save CSV: returns the finished run's id. */
async function saveCars(file: string): Promise<string> {
  const wf = new WorkflowBuilder('Cars to CSV');
  const start = wf.add('manual-trigger', {}, { id: 'start' });
  const load = wf.add('load-json', { source: 'file', path: 'cars.json' }, { id: 'load' });
  const save = wf.add('save-csv', { path: file }, { id: 'save' });
  wf.connect(start, load).connect(load, save);
  const runId = await startDocumentRun(ctx, wf.toDocument(), {});
  expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');
  return runId;
}

const download = (runId: string, nodeId: string) =>
  fetch(`${base}/api/files/download?${new URLSearchParams({ run: runId, node: nodeId })}`, { headers: { cookie } });

describe('downloading a saved file', () => {
  it('hands back the CSV a Save step wrote, as an attachment', async () => {
    const runId = await saveCars('reports/café cars.csv');
    const response = await download(runId, 'save');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="caf_ cars.csv"; filename*=UTF-8''caf%C3%A9%20cars.csv`);
    const lines = (await response.text()).trim().split('\n');
    // A header line and one line per car; cars.json's first car is the "chevrolet chevelle malibu".
    expect(lines).toHaveLength(407);
    expect(lines[0].split(',')).toContain('Miles_per_Gallon');
    expect(lines[1]).toContain('chevrolet chevelle malibu');
  });

  it('refuses steps that save no file, unknown runs and missing parameters, in plain words', async () => {
    const runId = await saveCars('reports/again.csv');
    const notSave = await download(runId, 'load');
    expect(notSave.status).toBe(404);
    expect(await notSave.text()).toBe('This step does not save a file.');
    const unknown = await download('run_nope', 'save');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('This step has no result in that run.');
    const bare = await fetch(`${base}/api/files/download`, { headers: { cookie } });
    expect(bare.status).toBe(400);
  });

  it('hands back the full-size picture of a Browser: screenshot step, not only its small preview', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000005000000032008060000', 'hex');
    await mkdir(path.join(filesDir, 'screenshots'), { recursive: true });
    await writeFile(path.join(filesDir, 'screenshots/home.png'), png);
    const wf = new WorkflowBuilder('Picture');
    const start = wf.add('manual-trigger', {}, { id: 'start' });
    const shot = wf.add('browser-screenshot', { fileName: 'screenshots/home.png' }, { id: 'shot' });
    wf.connect(start, shot);
    const document = wf.toDocument();
    // What the step stored when it ran (pinned here, so no browser is needed to make it).
    document.nodes[1].pinnedOutput = {
      main: [{ screenshot: 'data:image/jpeg;base64,AAAA', file: 'screenshots/home.png', width: 1280, height: 800 }],
    };
    const runId = await startDocumentRun(ctx, document, {});
    expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');
    const response = await download(runId, 'shot');
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(png);
  });

  it('says so when the file was deleted after the run', async () => {
    const runId = await saveCars('reports/gone.csv');
    await unlink(path.join(filesDir, 'reports/gone.csv'));
    const response = await download(runId, 'save');
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('The file "reports/gone.csv" is no longer in the data folder (moved or deleted since the run).');
  });
});

const upload = (name: string, body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string> = { 'x-taskmaster-upload': '1' }) =>
  fetch(`${base}/api/files/upload?${new URLSearchParams({ name })}`, { method: 'POST', headers: { ...headers, cookie }, body });

describe('uploading a file to the data folder', () => {
  it('stores the file under uploads/ and a Load CSV step reads all 1,461 days from it', async () => {
    const weather = new Uint8Array(await readFile(path.join(VEGA, 'seattle-weather.csv')));
    const response = await upload('seattle-weather.csv', weather);
    expect(response.status).toBe(200);
    const stored = (await response.json()) as { path: string; bytes: number };
    expect(stored).toEqual({ path: 'uploads/seattle-weather.csv', bytes: weather.length });
    expect((await stat(path.join(filesDir, stored.path))).size).toBe(weather.length);

    const wf = new WorkflowBuilder('Weather');
    wf.connect(wf.add('manual-trigger', {}, { id: 'start' }), wf.add('load-csv', { source: 'file', path: stored.path }, { id: 'load' }));
    const runId = await startDocumentRun(ctx, wf.toDocument(), {});
    expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');
    const result = await getRunResult(ctx.sql, runId);
    expect(result!.nodes.load.outputCounts).toEqual({ main: 1461 });
  });

  it('never overwrites: the same name again gets a new one, and folders in the name are dropped', async () => {
    const first = (await (await upload('notes.txt', 'one')).json()) as { path: string };
    const second = (await (await upload('notes.txt', 'two')).json()) as { path: string };
    expect([first.path, second.path]).toEqual(['uploads/notes.txt', 'uploads/notes-2.txt']);
    expect(await readFile(path.join(filesDir, 'uploads/notes.txt'), 'utf8')).toBe('one');
    const sneaky = (await (await upload('../../etc/passwd', 'x')).json()) as { path: string };
    expect(sneaky.path).toBe('uploads/passwd');
  });

  it('refuses uploads from other sites (no TaskMaster header) and without a name', async () => {
    const foreign = await upload('a.csv', 'x', {});
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: 'Uploads are accepted from TaskMaster’s own pages only.' });
    const nameless = await fetch(`${base}/api/files/upload`, {
      method: 'POST',
      headers: { 'x-taskmaster-upload': '1', cookie },
      body: 'x',
    });
    expect(nameless.status).toBe(400);
  });

  it('refuses a file over the size limit and leaves nothing behind', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-upload-limit-'));
    const small = createServer((req, res) => void serveUpload(dir, req, res, 1000));
    await new Promise<void>((resolve) => small.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(small.address() as AddressInfo).port}/api/files/upload?name=big.csv`;
      const response = await fetch(url, { method: 'POST', headers: { 'x-taskmaster-upload': '1', cookie }, body: 'x'.repeat(5000) });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: 'The file is larger than the 1 KB an upload may have.' });
      await expect(stat(path.join(dir, 'uploads/big.csv'))).rejects.toThrow();
    } finally {
      small.closeAllConnections();
      await new Promise((resolve) => small.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });
});

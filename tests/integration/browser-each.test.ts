/**
 * Browser: open page "for each incoming item" in whole runs (real graphile-worker, Postgres and
 * Chromium): every item gets its own page, the Browser steps after Open page run on it, and each
 * item's result is its own output item, in item order; one item at a time or several; an item
 * whose page fails stops the run or goes on, as the failing step's "On error" says.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { createAppContext } from '../../server/context';
import { getRunResult } from '../../server/services/run-result';
import { InvalidWorkflowError } from '../../server/errors';
import { startDocumentRun } from '../../server/services/runs';
import { startWorker, type WorkerHandle } from '../../server/worker/runner';
import { createTestDatabase } from '../helpers/db';
import { html, startTestSite, type TestSite } from '../helpers/test-site';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let ctx: ReturnType<typeof createAppContext>;
let worker: WorkerHandle;
let site: TestSite;
let dataDir: string;
let inFlight = 0;
let mostAtOnce = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'taskmaster-browser-each-'));
  site = await startTestSite({
    // One value per page; /slow holds its answer a moment so pages of items overlap when they can.
    '/item': (req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n'));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        n === 3 && req.url?.includes('broken') ? html('<h1>Out of stock</h1>') : html(`<h1>Item ${n}</h1><p id="price">${n * 7}</p>`),
      );
    },
    '/slow': (req, res) => {
      inFlight++;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n'));
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html(`<p id="price">${n * 7}</p>`));
      }, 300);
    },
  });
  database = await createTestDatabase();
  ctx = createAppContext(database.url);
  worker = await startWorker({
    databaseUrl: database.url,
    concurrency: 2,
    browsersPerWorker: 2,
    browserProfilesDir: path.join(dataDir, 'browser-profiles'),
    filesDir: path.join(dataDir, 'files'),
  });
});

afterAll(async () => {
  await worker?.stop();
  await ctx?.close();
  await database?.drop();
  await site?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** start ─► open (for each item) ─► read price */
function perItem(open: Record<string, unknown>, readSettings: Record<string, unknown> = {}) {
  const wf = new WorkflowBuilder('Each item');
  const start = wf.add('manual-trigger', {}, { id: 't' });
  const opened = wf.add('browser-open', { items: 'each', ...open }, { id: 'open' });
  const read = wf.add('browser-extract', { selector: '#price', fieldName: 'price', waitMs: 1000 }, { id: 'read', settings: readSettings });
  wf.connect(start, opened).connect(opened, read);
  return wf.toDocument();
}

const numbers = (count: number) => Array.from({ length: count }, (_, i) => ({ n: i + 1 }));
const hits = (pathStart: string) => site.requests.filter((r) => r.path.startsWith(pathStart)).map((r) => r.path);

async function runToEnd(doc: ReturnType<typeof perItem>, input: unknown[]) {
  const runId = await startDocumentRun(ctx, doc, { input });
  await waitForRun(ctx.sql, runId, 120_000);
  return (await getRunResult(ctx.sql, runId))!;
}

describe('Browser: open page for each item', () => {
  it('reads one item from its own page', async () => {
    const result = await runToEnd(perItem({ url: `${site.url}/item?n={{ $json.n }}&one` }), [{ n: 1 }]);
    expect(result.status).toBe('succeeded');
    expect(result.nodes.read.output.main).toEqual([{ price: '7' }]);
    expect(result.nodes.open.output.main).toEqual([{ n: 1 }]);
  });

  it('opens 25 items one after another, each once, each result its own item in order', async () => {
    const result = await runToEnd(perItem({ url: `${site.url}/item?n={{ $json.n }}&of25` }), numbers(25));
    expect(result.status).toBe('succeeded');
    expect(result.nodes.read.output.main).toEqual(numbers(25).map(({ n }) => ({ price: String(n * 7) })));
    expect(hits('/item?').filter((p) => p.endsWith('&of25'))).toEqual(numbers(25).map(({ n }) => `/item?n=${n}&of25`));
  });

  it('opens up to N pages at the same time and keeps the items in order', async () => {
    mostAtOnce = 0;
    const result = await runToEnd(perItem({ url: `${site.url}/slow?n={{ $json.n }}`, atOnce: 3 }), numbers(9));
    expect(result.status).toBe('succeeded');
    expect(result.nodes.read.output.main).toEqual(numbers(9).map(({ n }) => ({ price: String(n * 7) })));
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(mostAtOnce).toBeLessThanOrEqual(3);
    expect(hits('/slow?')).toHaveLength(9);
  });

  it('stops at an item whose page fails, naming the item; the items after it are not opened', async () => {
    const result = await runToEnd(perItem({ url: `${site.url}/item?n={{ $json.n }}&broken-stop` }), numbers(5));
    expect(result.status).toBe('failed');
    expect(result.nodes.read.status).toBe('failed');
    expect(result.nodes.read.error?.message).toMatch(/^Item 3: /);
    // Items 1 and 2 were done (and kept); 4 and 5 never started.
    expect(hits('/item?').filter((p) => p.endsWith('&broken-stop'))).toEqual([1, 2, 3].map((n) => `/item?n=${n}&broken-stop`));
    expect(result.nodes.open.output.main).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('with "On error: continue" gives the failed item with its error and goes on with the others', async () => {
    const doc = perItem({ url: `${site.url}/item?n={{ $json.n }}&broken-go-on`, atOnce: 2 }, { onError: 'continue' });
    const result = await runToEnd(doc, numbers(5));
    expect(result.status).toBe('succeeded');
    const out = result.nodes.read.output.main;
    expect(out).toHaveLength(5);
    expect(out.filter((_, i) => i !== 2)).toEqual([1, 2, 4, 5].map((n) => ({ price: String(n * 7) })));
    expect(out[2]).toMatchObject({ n: 3, error: expect.stringContaining('#price') });
  });

  it('with "On error: error output" sends the failed item out of the error output; the others go on', async () => {
    // start ─► open (each) ─► read ─► after
    //                          └error► failed
    const doc = perItem({ url: `${site.url}/item?n={{ $json.n }}&broken-branch` }, { onError: 'errorOutput' });
    const wf = { ...doc, nodes: [...doc.nodes], edges: [...doc.edges] };
    wf.nodes.push(
      { ...doc.nodes[0], id: 'after', type: 'no-op', name: 'After', config: {} },
      { ...doc.nodes[0], id: 'failed', type: 'no-op', name: 'Failed', config: {} },
    );
    wf.edges.push(
      { id: 'e-after', source: 'read', sourceHandle: 'main', target: 'after', targetHandle: 'main' },
      { id: 'e-failed', source: 'read', sourceHandle: 'error', target: 'failed', targetHandle: 'main' },
    );
    const result = await runToEnd(wf, numbers(5));
    expect(result.status).toBe('succeeded');
    expect(result.nodes.after.output.main).toEqual([1, 2, 4, 5].map((n) => ({ price: String(n * 7) })));
    expect(result.nodes.failed.output.main).toEqual([{ n: 3, error: expect.stringContaining('#price') }]);
  });

  it('refuses to run a Browser step after the steps for each item, past another step (the item pages are closed by then)', async () => {
    // start ─► open (each) ─► read ─► set ─► read again
    const doc = perItem({ url: `${site.url}/item?n={{ $json.n }}&after-chain` });
    const wf = { ...doc, nodes: [...doc.nodes], edges: [...doc.edges] };
    wf.nodes.push(
      { ...doc.nodes[0], id: 'set', type: 'no-op', name: 'Between', config: {} },
      { ...doc.nodes[2], id: 'again', name: 'Read again' },
    );
    wf.edges.push(
      { id: 'e-set', source: 'read', sourceHandle: 'main', target: 'set', targetHandle: 'main' },
      { id: 'e-again', source: 'set', sourceHandle: 'main', target: 'again', targetHandle: 'main' },
    );
    // Told before the run starts (it used to fail at "Read again" only, with "No web page is open").
    const refused = await runToEnd(wf, numbers(2)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(InvalidWorkflowError);
    expect((refused as InvalidWorkflowError).problems).toEqual([
      expect.objectContaining({
        code: 'page-closed',
        nodeId: 'again',
        message: expect.stringContaining('Step "Read again" needs an open web page'),
      }),
    ]);
    expect(hits('/item?').filter((p) => p.endsWith('&after-chain'))).toEqual([]);
  });

  it('keeps saved workflows as they were: without "for each item" the page opens once, with the first item', async () => {
    const doc = perItem({ url: `${site.url}/item?n={{ $json.n }}&once`, items: 'first' });
    const result = await runToEnd(doc, numbers(3));
    expect(result.status).toBe('succeeded');
    expect(result.nodes.read.output.main).toEqual([{ price: '7' }]);
    expect(hits('/item?').filter((p) => p.endsWith('&once'))).toEqual(['/item?n=1&once']);
  });
});

/**
 * Browser: open page "for each item" survives its worker killed with SIGKILL mid-way: another
 * worker resumes the run, reads back the items that were done (each stored as soon as it was),
 * opens only the others, and the step's output is every item's result in order. No item that
 * had succeeded is browsed twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRun, waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun } from '../../server/services/runs';
import { startWorker } from '../../server/worker/runner';
import { type Harness, killWorkerProcess, spawnWorkerProcess, startHarness } from '../helpers/harness';
import { html, startTestSite, type TestSite } from '../helpers/test-site';

let t: Harness;
let ctx: Harness['ctx'];
let site: TestSite;

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
  // Each page answers after a moment, so the worker can be killed while items are still to do.
  site = await startTestSite({
    // The price shows up a while after the page loads: a worker can be killed between the two steps.
    '/late': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        html(
          `<h1>Late</h1><script>setTimeout(() => { document.body.insertAdjacentHTML('beforeend', '<p id="late">42</p>'); }, 4000);</script>`,
        ),
      );
    },
    '/item': (req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n'));
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html(`<h1>Item ${n}</h1><p id="price">${n * 7}</p>`));
      }, 250);
    },
  });
});

afterAll(async () => {
  await site?.close();
  await t?.stop();
});

const storedItems = async (runId: string) =>
  (await ctx.sql`select item_index from step_item_results where run_id = ${runId} order by item_index`).map((r) => Number(r.item_index));
const hitsOf = (n: number) => site.requests.filter((r) => r.path === `/item?n=${n}`).length;

/** The run's status right after its worker was killed (it must still be "running"). */
const statusOf = async (runId: string) => (await ctx.sql`select status from runs where id = ${runId}`)[0].status;

/** Another worker picks the killed worker's run up; resolves with how it ended. */
async function resumeElsewhere(runId: string): Promise<string> {
  const survivor = await startWorker({ databaseUrl: t.database.url, heartbeatMs: 300, deadAfterMs: 2000 });
  try {
    return await waitForRun(ctx.sql, runId, 120_000);
  } finally {
    await survivor.stop();
  }
}

describe('Browser: open page for each item after a crash', () => {
  it('resumes a run killed after 4 of 10 items without opening a finished item again', async () => {
    // start ─► open (for each item, one at a time) ─► read price
    const wf = new WorkflowBuilder('Ten pages');
    const start = wf.add('manual-trigger', {}, { id: 't' });
    const open = wf.add('browser-open', { url: `${site.url}/item?n={{ $json.n }}`, items: 'each' }, { id: 'open' });
    const read = wf.add('browser-extract', { selector: '#price', fieldName: 'price' }, { id: 'read' });
    wf.connect(start, open).connect(open, read);
    const items = Array.from({ length: 10 }, (_, i) => ({ n: i + 1 }));

    const worker = await spawnWorkerProcess(t.database.url);
    const runId = await startDocumentRun(ctx, wf.toDocument(), { input: items });
    await expect.poll(async () => (await storedItems(runId)).length, { timeout: 90_000, interval: 50 }).toBeGreaterThanOrEqual(4);
    await killWorkerProcess(worker);
    const doneBefore = await storedItems(runId);
    expect(doneBefore.length).toBeLessThan(10);
    expect(await statusOf(runId)).toBe('running');
    expect(await resumeElsewhere(runId)).toBe('succeeded');
    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.nodes.read.output.main).toEqual(items.map(({ n }) => ({ price: String(n * 7) })));
    // Every item done before the kill was opened once; every other one at least once.
    for (const index of doneBefore) expect(hitsOf(index + 1)).toBe(1);
    for (const { n } of items) expect(hitsOf(n)).toBeGreaterThanOrEqual(1);
    const logs = (await getRun(ctx.sql, runId))!.nodes.open.logs.map((l) => l.message);
    expect(logs[0]).toContain(`${doneBefore.length} were done before the run was resumed and not opened again`);
  });

  it('opens the page again when a run killed after its Open page step resumes elsewhere (the page died with the worker)', async () => {
    // start ─► open (once) ─► wait for #late ─► read it
    const wf = new WorkflowBuilder('Late page');
    const start = wf.add('manual-trigger', {}, { id: 't' });
    const open = wf.add('browser-open', { url: `${site.url}/late` }, { id: 'open' });
    const wait = wf.add('browser-wait', { selector: '#late', waitMs: 60_000 }, { id: 'wait' });
    const read = wf.add('browser-extract', { selector: '#late', fieldName: 'value' }, { id: 'read' });
    wf.connect(start, open).connect(open, wait).connect(wait, read);

    const worker = await spawnWorkerProcess(t.database.url);
    const runId = await startDocumentRun(ctx, wf.toDocument());
    const openStored = async () =>
      (await ctx.sql`select 1 from node_runs where run_id = ${runId} and node_id = 'open' and status = 'succeeded'`).length;
    await expect.poll(openStored, { timeout: 90_000, interval: 50 }).toBe(1);
    await killWorkerProcess(worker);
    expect(await statusOf(runId)).toBe('running');
    const opensBefore = site.requests.filter((r) => r.path === '/late').length;
    // Before: failed with "No web page is open" at the wait step.
    expect(await resumeElsewhere(runId)).toBe('succeeded');
    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.nodes.read.output.main).toEqual([{ value: '42' }]);
    expect(site.requests.filter((r) => r.path === '/late').length).toBe(opensBefore + 1);
  });
});

/**
 * editor: the built web app (`node bin/taskmaster.mjs start`, temp data dir) in headless
 * Chromium, opening workflows of 100, 500 and 1,000 nodes (made through the API first).
 * Time until the canvas is interactive: page load until every node is placed (the overview map
 * shows them all) and the ones in view are drawn, then a click
 * on a node until it shows as selected. Frame times (requestAnimationFrame deltas in the page)
 * while panning the canvas and while dragging a node: median and p95.
 * Chromium's main-thread counters split load and pan into script, layout and style time.
 * Floor in the same run: a 1-node workflow, measured the same way. BENCH_OPENS (default 3)
 * opens per size, medians. No peers (their editors are not driven here).
 */
import type { Page } from 'playwright-core';
import type { WorkflowDocument } from '../core/document';
import { WorkflowBuilder } from '../server/sdk/builder';
import {
  emptyPanePoint,
  launchBrowser,
  mainThreadCounters,
  startFrames,
  stopFrames,
  timeBetween,
  visibleNode,
  type MainThreadTime,
} from './lib/browser';
import { median, percentile } from './lib/setup';
import { r1, report, type Row } from './lib/report';
import { api, ensureBuilt, freePort, sessionCookies, spawnCli, tempDataDir, until } from './lib/taskmaster';

const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000').split(',').map(Number);
const OPENS = Number(process.env.BENCH_OPENS ?? 3);

function bigWorkflow(n: number): WorkflowDocument {
  const wf = new WorkflowBuilder(`editor ${n}`);
  const pos = (i: number) => ({ position: { x: (i % 20) * 300, y: Math.floor(i / 20) * 180 } });
  let prev = wf.add('manual-trigger', {}, pos(0));
  for (let i = 1; i < n; i++) {
    const next =
      i % 2 ? wf.add('set-fields', { fields: [{ name: `f${i}`, value: '{{ $json.a }}' }] }, pos(i)) : wf.add('no-op', {}, pos(i));
    wf.connect(prev, next);
    prev = next;
  }
  return wf.toDocument();
}

async function drag(page: Page, from: { x: number; y: number }, dx: number, dy: number): Promise<number[]> {
  await startFrames(page);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx, from.y + dy, { steps: 60 });
  await page.mouse.up();
  return stopFrames(page);
}

async function open(page: Page, url: string, n: number) {
  const counters = await mainThreadCounters(page);
  const t0 = performance.now();
  await page.goto(url);
  // Rendered: every step is placed on the canvas (the overview map shows one box per step) and
  // the steps in view are drawn. The canvas draws only the steps in view, so with a large graph
  // not every step is in the page at once.
  await page.waitForFunction(
    (count) =>
      document.querySelectorAll('.react-flow__minimap-node').length >= count && document.querySelector('[data-testid=step-node]') !== null,
    n,
    { timeout: 120_000, polling: 50 },
  );
  const rendered = performance.now() - t0;
  const loaded = await counters();
  const node = await visibleNode(page);
  if (!node) throw new Error('no node fully inside the canvas to click');
  const c0 = performance.now();
  await page.mouse.click(node.x, node.y);
  await page.waitForFunction(
    (name) =>
      document.querySelector(`[data-testid=step-node][data-name="${name}"]`)?.closest('.react-flow__node')?.classList.contains('selected'),
    node.name,
    { polling: 'raf', timeout: 30_000 },
  );
  const click = performance.now() - c0;
  await page.keyboard.press('Escape');
  const target = await visibleNode(page);
  const move = target ? await drag(page, target, 160, 90) : [];
  const spot = await emptyPanePoint(page);
  const beforePan = await counters();
  const pan = spot ? await drag(page, spot, 300, 200) : [];
  const panTime = timeBetween(beforePan, await counters());
  return { rendered, click, pan, move, loaded, panTime };
}

await ensureBuilt(); // not timed
const data = tempDataDir('editor');
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawnCli(['start'], data.dir, port);
const browser = await launchBrowser();
const rows: Row[] = [];
try {
  await until(async () => (await fetch(`${base}/api/health`)).status === 200, 300_000);
  const client = api(base);
  const sizes = [1, ...SIZES];
  const ids = new Map<number, string>();
  for (const n of sizes) ids.set(n, (await client.mutate<{ id: string }>('workflows.create', { document: bigWorkflow(n) })).id);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies(await sessionCookies(base));
  const warm = await context.newPage();
  await open(warm, `${base}/workflows/${ids.get(1)}`, 1); // compiles the app's scripts once
  await warm.close();
  for (const n of sizes) {
    const runs = [];
    for (let i = 0; i < OPENS; i++) {
      const page = await context.newPage();
      runs.push(await open(page, `${base}/workflows/${ids.get(n)}`, n));
      await page.close();
    }
    const pan = runs.flatMap((r) => r.pan);
    const move = runs.flatMap((r) => r.move);
    const rendered = median(runs.map((r) => r.rendered));
    const click = median(runs.map((r) => r.click));
    const split = (t: MainThreadTime) => `${t.script} / ${t.layout} / ${t.style}`;
    rows.push({
      tool: n === 1 ? 'floor' : 'TaskMaster',
      nodes: n,
      'rendered (s)': Math.round(rendered / 10) / 100,
      'click → selected (ms)': Math.round(click),
      'interactive (s)': Math.round((rendered + click) / 10) / 100,
      'pan frame ms median / p95': pan.length ? `${r1(median(pan))} / ${r1(percentile(pan, 95))}` : 'n/a',
      'drag frame ms median / p95': move.length ? `${r1(median(move))} / ${r1(percentile(move, 95))}` : 'n/a',
      frames: pan.length + move.length,
      'load: script / layout / style ms': split(runs[0].loaded),
      'pan: script / layout / style ms': split(runs[0].panTime),
    });
  }
  await context.close();
} finally {
  await browser.close();
  await server.stop();
  data.remove();
}
report('editor', rows, { opens: OPENS });

/**
 * editor: the built web app (`node bin/taskmaster.mjs start`, temp data dir) in headless
 * Chromium, opening workflows of 100, 500, 1,000 and 5,000 nodes (made through the API first).
 * Time until the canvas is interactive: page load until every node is placed (the overview map
 * shows them all) and the ones in view are drawn, then a click
 * on a node until it shows as selected. Frame times (requestAnimationFrame deltas in the page)
 * while panning the canvas and while dragging a node: median and p95.
 * Chromium's main-thread counters split load and pan into script, layout and style time.
 * Floor in the same run: a 1-node workflow, measured the same way. BENCH_OPENS (default 3)
 * opens per size, medians. No peers (their editors are not driven here).
 * BENCH_PROFILE=1: a CPU profile of the page's main thread from the last open of each size (load
 * until interactive, then the pan and drag), summarised per function; the app is then built
 * with browser source maps so the functions have their own names.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, type MainThreadTime } from './lib/browser';
import { printBrowserProfile, summariseBrowserProfile } from './lib/browser-profile';
import { bigWorkflow, open } from './lib/editor-open';
import { median, percentile } from './lib/setup';
import { r1, report, type Row } from './lib/report';
import { api, ensureBuilt, freePort, sessionCookies, spawnCli, tempDataDir, until } from './lib/taskmaster';

const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000,5000').split(',').map(Number);
const OPENS = Number(process.env.BENCH_OPENS ?? 3);
const PROFILE = process.env.BENCH_PROFILE === '1';

// Source maps name the app's functions in the profile (a build of its own; not timed).
if (PROFILE) {
  process.env.TASKMASTER_BROWSER_SOURCE_MAPS = '1';
  const build = path.join(import.meta.dirname, '..', '.next');
  const config = path.join(build, 'required-server-files.json');
  const mapped = existsSync(config) && /"productionBrowserSourceMaps":\s*true/.test(readFileSync(config, 'utf8'));
  if (!mapped) rmSync(path.join(build, 'BUILD_ID'), { force: true }); // a build without maps: build again
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
      runs.push(await open(page, `${base}/workflows/${ids.get(n)}`, n, PROFILE && i === OPENS - 1));
      await page.close();
    }
    const { load, moves } = runs[runs.length - 1].profiles;
    // Kept for a closer look (Chromium's DevTools open .cpuprofile files).
    for (const [part, profile] of Object.entries({ load, moves })) {
      if (profile) writeFileSync(path.join(os.tmpdir(), `editor-${n}-${part}.cpuprofile`), JSON.stringify(profile));
    }
    if (load) printBrowserProfile(`opening ${n} steps until a click selects one`, await summariseBrowserProfile(load));
    if (moves) printBrowserProfile(`dragging a step and panning, ${n} steps`, await summariseBrowserProfile(moves));
    const pan = runs.flatMap((r) => r.pan);
    const move = runs.flatMap((r) => r.move);
    const rendered = median(runs.map((r) => r.rendered));
    const click = median(runs.map((r) => r.click));
    const split = (t: MainThreadTime) => `${t.script} / ${t.layout} / ${t.style}`;
    rows.push({
      tool: n === 1 ? 'floor' : 'TaskMaster',
      nodes: n,
      'workflow fetched (s)': Math.round(median(runs.map((r) => r.workflowLoaded)) / 10) / 100,
      'of which server (ms)': Math.round(median(runs.map((r) => r.workflowServer))),
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

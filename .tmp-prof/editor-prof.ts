import { writeFileSync } from 'node:fs';
import { WorkflowBuilder } from '../server/sdk/builder';
import { launchBrowser } from '../bench/lib/browser';
import { api, freePort, spawnCli, tempDataDir, until } from '../bench/lib/taskmaster';

const N = Number(process.env.N ?? 1000);
function bigWorkflow(n: number) {
  const wf = new WorkflowBuilder(`editor ${n}`);
  const pos = (i: number) => ({ position: { x: (i % 20) * 300, y: Math.floor(i / 20) * 180 } });
  let prev = wf.add('manual-trigger', {}, pos(0));
  for (let i = 1; i < n; i++) {
    const next = i % 2 ? wf.add('set-fields', { fields: [{ name: `f${i}`, value: '{{ $json.a }}' }] }, pos(i)) : wf.add('no-op', {}, pos(i));
    wf.connect(prev, next);
    prev = next;
  }
  return wf.toDocument();
}
const data = tempDataDir('prof');
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawnCli(['start'], data.dir, port);
const browser = await launchBrowser();
try {
  await until(async () => (await fetch(`${base}/api/health`)).status === 200, 300_000);
  const client = api(base);
  const id = (await client.mutate<{ id: string }>('workflows.create', { document: bigWorkflow(N) })).id;
  const t = performance.now();
  const r = await fetch(`${base}/api/trpc/workflows.get?input=${encodeURIComponent(JSON.stringify({ id }))}`);
  await r.text();
  console.log('workflows.get ms', Math.round(performance.now() - t), r.status);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const warm = await context.newPage();
  await warm.goto(`${base}/workflows/${id}`);
  await warm.waitForSelector('[data-testid=step-node]');
  await warm.close();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = performance.now();
  page.on('response', (res) => { if (res.url().includes('trpc')) console.log('resp', Math.round(performance.now() - t0), res.url().slice(0, 90)); });
  await page.goto(`${base}/workflows/${id}`);
  await page.waitForFunction((count) => document.querySelectorAll('.react-flow__minimap-node').length >= count && document.querySelector('[data-testid=step-node]') !== null, N, { polling: 50 });
  console.log('rendered ms', Math.round(performance.now() - t0), 'step nodes in DOM', await page.evaluate(() => document.querySelectorAll('[data-testid=step-node]').length));
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync('/tmp/load.cpuprofile', JSON.stringify(profile));
  // pan profile
  await cdp.send('Profiler.start');
  const spot = await page.evaluate(() => { const p = document.querySelector('.react-flow__pane')!.getBoundingClientRect(); for (let y = p.top + 40; y < p.bottom - 40; y += 17) for (let x = p.left + 40; x < p.right - 340; x += 23) if (document.elementFromPoint(x, y) === document.querySelector('.react-flow__pane')) return { x, y }; return null; });
  if (spot) { await page.mouse.move(spot.x, spot.y); await page.mouse.down(); await page.mouse.move(spot.x + 300, spot.y + 200, { steps: 60 }); await page.mouse.up(); }
  const pan = await cdp.send('Profiler.stop');
  writeFileSync('/tmp/pan.cpuprofile', JSON.stringify(pan.profile));
  await context.close();
} finally {
  await browser.close();
  await server.stop();
  data.remove();
}

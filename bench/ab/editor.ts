/**
 * A/B of the editor: the built app of another checkout (BENCH_BASE, see bench/ab/chain.ts; it
 * builds its own UI there) and of this one, both served at once and opened in turn in the same
 * headless Chromium, so both see the same machine load. Each round opens every size on both
 * sides (order alternating), the 1-step floor included. BENCH_SIZES (default 1000,5000), ROUNDS (3).
 */
import { launchBrowser } from '../lib/browser';
import { bigWorkflow, open } from '../lib/editor-open';
import { r1, r2, report, type Row } from '../lib/report';
import { median, percentile } from '../lib/setup';
import * as main from '../lib/taskmaster';

const BASE = process.env.BENCH_BASE ?? '/tmp/base';
// @ts-ignore: another checkout's module, typed the same
const base: typeof main = await import(`${BASE}/bench/lib/taskmaster.ts`);
const SIZES = [1, ...(process.env.BENCH_SIZES ?? '1000,5000').split(',').map(Number)];
const ROUNDS = Number(process.env.ROUNDS ?? 3);

type Side = 'base' | 'main';
const sides: Record<Side, { url: string; ids: Map<number, string>; stop: () => Promise<void> }> = {} as never;
const browser = await launchBrowser();
try {
  for (const [name, lib] of [
    ['base', base],
    ['main', main],
  ] as const) {
    await lib.ensureBuilt();
    const data = lib.tempDataDir(`ab-editor-${name}`);
    const port = await lib.freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = lib.spawnCli(['start'], data.dir, port);
    await lib.until(async () => (await fetch(`${url}/api/health`)).status === 200, 300_000);
    const client = lib.api(url);
    const ids = new Map<number, string>();
    for (const n of SIZES) ids.set(n, (await client.mutate<{ id: string }>('workflows.create', { document: bigWorkflow(n) })).id);
    sides[name] = {
      url,
      ids,
      stop: async () => {
        await server.stop();
        data.remove();
      },
    };
  }
  const contexts = new Map<Side, Awaited<ReturnType<typeof browser.newContext>>>();
  for (const side of ['base', 'main'] as const) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies(await main.sessionCookies(sides[side].url));
    const warm = await context.newPage();
    await open(warm, `${sides[side].url}/workflows/${sides[side].ids.get(1)}`, 1); // compiles the scripts once
    await warm.close();
    contexts.set(side, context);
  }
  type Result = Awaited<ReturnType<typeof open>>;
  const results = new Map<string, Result[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of SIZES) {
      for (const side of round % 2 ? (['base', 'main'] as const) : (['main', 'base'] as const)) {
        const page = await contexts.get(side)!.newPage();
        const result = await open(page, `${sides[side].url}/workflows/${sides[side].ids.get(n)}`, n);
        await page.close();
        const key = `${side} ${n}`;
        results.set(key, [...(results.get(key) ?? []), result]);
      }
    }
  }
  const rows: Row[] = [];
  const interactive = (r: Result) => r.rendered + r.click;
  for (const n of SIZES) {
    const row: Row = { nodes: n };
    for (const side of ['base', 'main'] as const) {
      const runs = results.get(`${side} ${n}`)!;
      const floor = median(results.get(`${side} 1`)!.map(interactive));
      const pan = runs.flatMap((r) => r.pan);
      const move = runs.flatMap((r) => r.move);
      row[`${side} interactive (s)`] = r2(median(runs.map(interactive)) / 1000);
      row[`${side} ÷ its floor`] = r2(median(runs.map(interactive)) / floor);
      // The workflow's request answered: the part of opening spent before the canvas has the steps.
      row[`${side} fetched (s)`] = r2(median(runs.map((r) => r.workflowLoaded)) / 1000);
      row[`${side} pan / drag p95 (ms)`] = `${r1(percentile(pan, 95))} / ${r1(percentile(move, 95))}`;
    }
    row['main ÷ base'] = r2(median(results.get(`main ${n}`)!.map(interactive)) / median(results.get(`base ${n}`)!.map(interactive)));
    rows.push(row);
  }
  report('ab-editor', rows, { rounds: ROUNDS, base: BASE });
} finally {
  await browser.close();
  for (const side of Object.values(sides)) await side.stop();
}
process.exit(0);

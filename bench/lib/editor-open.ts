/**
 * What the editor benchmarks do in the page: a big workflow to open, and one open of it (load
 * until interactive, a click, a drag of a step and a pan of the canvas), shared by bench/editor.ts
 * and the interleaved A/B bench/ab/editor.ts.
 */
import type { Page } from 'playwright-core';
import type { WorkflowDocument } from '../../core/document';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { emptyPanePoint, mainThreadCounters, startFrames, stopFrames, timeBetween, visibleNode } from './browser';
import { startProfile } from './browser-profile';
import type { Profile } from './profile';

/** A chain of `n` steps (a trigger, then set-fields and no-op in turn) on a grid 20 steps wide. */
export function bigWorkflow(n: number): WorkflowDocument {
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

/** Opens a workflow of `n` steps and measures it; `profile`: CPU profiles of the load and of the moves. */
export async function open(page: Page, url: string, n: number, profile = false) {
  const counters = await mainThreadCounters(page);
  const profiles: { load?: Profile; moves?: Profile } = {};
  let stopProfile = profile ? await startProfile(page) : null;
  const t0 = performance.now();
  // The workflow's own request (the server's part of opening): until its answer has arrived.
  const fetched = page
    .waitForResponse((r) => r.url().includes('workflows.get'), { timeout: 120_000 })
    .then(async (r) => {
      await r.finished();
      const at = performance.now() - t0;
      const timing = r.request().timing();
      // Asked → first byte of the answer: the server's own time (and the wire's, on loopback ~0).
      return { at, server: timing.responseStart - timing.requestStart };
    });
  await page.goto(url);
  // Rendered: every step is placed on the canvas (the overview map shows one box per step) and
  // the steps in view are drawn. The canvas draws only the steps in view, so with a large graph
  // not every step is in the page at once.
  await page.waitForFunction(
    (count) =>
      // A large canvas's own overview map draws all its boxes at once and says how many.
      (document.querySelectorAll('.react-flow__minimap-node').length >= count ||
        Number(document.querySelector('[data-testid=overview-map]')?.getAttribute('data-steps')) >= count) &&
      document.querySelector('[data-testid=step-node]') !== null,
    n,
    { timeout: 120_000, polling: 50 },
  );
  const rendered = performance.now() - t0;
  const { at: workflowLoaded, server: workflowServer } = await fetched;
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
  if (stopProfile) {
    profiles.load = await stopProfile();
    stopProfile = await startProfile(page);
  }
  await page.keyboard.press('Escape');
  const target = await visibleNode(page);
  const move = target ? await drag(page, target, 160, 90) : [];
  const spot = await emptyPanePoint(page);
  const beforePan = await counters();
  const pan = spot ? await drag(page, spot, 300, 200) : [];
  const panTime = timeBetween(beforePan, await counters());
  if (stopProfile) profiles.moves = await stopProfile();
  return { rendered, workflowLoaded, workflowServer, click, pan, move, loaded, panTime, profiles };
}

/**
 * Headless Chromium (playwright-core, CHROMIUM_PATH or /usr/bin/chromium) and the in-page
 * measurements of the editor benchmark: frame times from requestAnimationFrame deltas, and
 * points on the canvas to press on (an empty spot of the pane, a visible node).
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: FLAGS });
}

// In-page code is passed as text: tsx would wrap named functions in a helper the page lacks.
const FRAME_COLLECTOR = `(() => {
  window.__frames = [];
  window.__collect = true;
  let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__collect) requestAnimationFrame(tick); };
  requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
})()`;

/** Starts collecting requestAnimationFrame deltas in the page. */
export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(FRAME_COLLECTOR);
}

/** Stops collecting; the frame deltas in ms. */
export function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __collect: boolean };
    w.__collect = false;
    return w.__frames;
  });
}

/** A point of the empty canvas (the pane itself is under it), for panning. */
export function emptyPanePoint(page: Page): Promise<{ x: number; y: number } | null> {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane');
    if (!pane) return null;
    const r = pane.getBoundingClientRect();
    for (let y = r.top + 40; y < r.bottom - 40; y += 17) {
      for (let x = r.left + 40; x < r.right - 340; x += 23) {
        if (document.elementFromPoint(x, y) === pane) return { x, y };
      }
    }
    return null;
  });
}

/** The centre of a step node fully inside the canvas, and its name. */
export function visibleNode(page: Page): Promise<{ x: number; y: number; name: string } | null> {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane');
    if (!pane) return null;
    const p = pane.getBoundingClientRect();
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid=step-node]')) {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (
        r.left > p.left + 10 &&
        r.right < p.right - 250 &&
        r.top > p.top + 10 &&
        r.bottom < p.bottom - 150 &&
        el.contains(document.elementFromPoint(x, y))
      ) {
        return { x, y, name: el.dataset.name ?? '' };
      }
    }
    return null;
  });
}

/** Where the page's main thread spent its time (Chromium's own counters, in ms). */
export interface MainThreadTime {
  script: number;
  layout: number;
  style: number;
  task: number;
}

/** Chromium's cumulative main-thread counters for the page (Performance domain of CDP). */
export async function mainThreadCounters(page: Page): Promise<() => Promise<MainThreadTime>> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  return async () => {
    const { metrics } = await session.send('Performance.getMetrics');
    const get = (name: string) => Math.round((metrics.find((m) => m.name === name)?.value ?? 0) * 1000);
    return { script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration'), task: get('TaskDuration') };
  };
}

export function timeBetween(a: MainThreadTime, b: MainThreadTime): MainThreadTime {
  return { script: b.script - a.script, layout: b.layout - a.layout, style: b.style - a.style, task: b.task - a.task };
}

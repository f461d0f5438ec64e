/**
 * Pictures of the page: full-size files in the data folder, and small JPEG previews as data
 * URLs that fit in a stored item or log entry, for the inspector to show.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { NodeContext } from '../types';
import { resolveDataPath } from './files';

/** Width of a preview in pixels: readable in the inspector, a few kilobytes stored. */
const PREVIEW_WIDTH = 480;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A small JPEG of what is visible (or of `box`, in viewport pixels) as a data URL. Chromium
 * scales it down itself (DevTools protocol), so no image library is needed here.
 */
export async function previewDataUrl(page: Page, box?: Box): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const metrics = await cdp.send('Page.getLayoutMetrics');
    const view = metrics.cssVisualViewport;
    const area = box ?? { x: 0, y: 0, width: view.clientWidth, height: view.clientHeight };
    const width = Math.max(1, Math.min(area.width, view.clientWidth * 4));
    const height = Math.max(1, Math.min(area.height, 4000));
    const scale = Math.min(1, PREVIEW_WIDTH / width);
    // The clip is in page coordinates: the viewport's scroll position is added.
    const clip = { x: area.x + view.pageX, y: area.y + view.pageY, width, height, scale };
    const shot = await cdp.send('Page.captureScreenshot', { format: 'jpeg', quality: 60, clip, captureBeyondViewport: true });
    return `data:image/jpeg;base64,${shot.data}`;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Writes a picture under the data folder; returns its path relative to that folder. */
export async function savePicture(ctx: NodeContext<unknown>, relative: string, bytes: Buffer): Promise<string> {
  const full = resolveDataPath(ctx.dataDir, relative);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, bytes);
  return path.relative(path.resolve(ctx.dataDir), full);
}

/** A file name that sorts by time and names the run and step, e.g. `2026-…_run_x_node.png`. */
export function stampedName(ctx: NodeContext<unknown>, extension: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-');
  return `${stamp}_${safe(ctx.run.id)}_${safe(ctx.node.id)}.${extension}`;
}

/**
 * The page as it is when a step fails: saved under `browser-errors/` and as a preview. Never
 * throws: a failing picture must not hide the failure it illustrates.
 */
export async function failurePicture(ctx: NodeContext<unknown>, page: Page): Promise<{ screenshot: string; file: string } | null> {
  try {
    const bytes = await page.screenshot({ timeout: 5_000 });
    const file = await savePicture(ctx, path.join('browser-errors', stampedName(ctx, 'png')), bytes);
    return { screenshot: await previewDataUrl(page), file };
  } catch {
    return null;
  }
}

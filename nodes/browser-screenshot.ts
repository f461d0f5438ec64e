import path from 'node:path';
import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { onElement } from './lib/browser-elements';
import { SELECTOR_HELP, waitField } from './lib/browser-fields';
import { currentPage } from './lib/browser-page';
import { previewDataUrl, savePicture, stampedName } from './lib/browser-screenshots';

const config = z.object({
  what: field(z.enum(['page', 'fullPage', 'element']).default('page'), {
    label: 'Picture of',
    widget: 'select',
    optionLabels: { page: 'What is visible in the window', fullPage: 'The whole page, top to bottom', element: 'One element' },
  }),
  selector: field(z.string().trim().default(''), { label: 'Element (selector)', help: SELECTOR_HELP }),
  fileName: field(z.string().trim().default(''), {
    label: 'Save as',
    help: 'A path in the data folder ending in .png or .jpg. Empty: screenshots/ with the time, run and step in the name.',
    placeholder: 'screenshots/home.png',
  }),
  waitMs: waitField(),
});

/** Width and height from a PNG's header (bytes 16–23), without an image library. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes.toString('ascii', 1, 4) !== 'PNG') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export default defineNode({
  id: 'browser-screenshot',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: screenshot',
  description: 'Takes a picture of the open page (or one element) and saves it in the data folder.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { what: 'fullPage', fileName: 'screenshots/home.png' },
  async execute(ctx) {
    const cfg = ctx.config;
    const page = currentPage(ctx);
    const relative = cfg.fileName || path.join('screenshots', stampedName(ctx, 'png'));
    const ext = path.extname(relative).toLowerCase();
    if (ext !== '.png' && ext !== '.jpg' && ext !== '.jpeg') {
      throw new Error(`"Save as" must end in .png or .jpg (it is "${relative}").`);
    }
    const type = ext === '.png' ? 'png' : 'jpeg';
    let bytes: Buffer;
    let screenshot: string;
    if (cfg.what === 'element') {
      if (!cfg.selector) throw new Error('Enter the element to photograph (its selector).');
      const target = { selector: cfg.selector, waitMs: cfg.waitMs };
      bytes = await onElement(ctx, page, target, 'photograph', (el, timeout) => el.screenshot({ type, timeout }));
      const box = await page.locator(cfg.selector).first().boundingBox();
      screenshot = await previewDataUrl(page, box ?? undefined);
    } else {
      bytes = await page.screenshot({ type, fullPage: cfg.what === 'fullPage' });
      screenshot = await previewDataUrl(page);
    }
    const file = await savePicture(ctx, relative, bytes);
    ctx.log.info(`Saved the picture as ${file} (${Math.round(bytes.length / 1024)} KB).`);
    return { outputs: { main: [{ screenshot, file, ...(pngSize(bytes) ?? {}), pageUrl: page.url() }] } };
  },
});

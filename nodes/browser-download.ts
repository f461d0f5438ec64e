import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { click } from './lib/browser-actions';
import { elementFailure, playwrightTimeout } from './lib/browser-elements';
import { SELECTOR_HELP, waitField } from './lib/browser-fields';
import { currentPage, firstLine, seconds } from './lib/browser-page';
import { resolveDataPath } from './lib/files';

const config = z.object({
  mode: field(z.enum(['click', 'url']).default('click'), {
    label: 'Download',
    widget: 'select',
    optionLabels: {
      click: 'By clicking a link or button on the page',
      url: "From a web address, with the browser's cookies and logins",
    },
  }),
  selector: field(z.string().trim().default(''), { label: 'Link or button (selector)', help: SELECTOR_HELP }),
  url: field(z.string().trim().default(''), { label: 'Web address (URL)', placeholder: 'https://example.com/report.pdf' }),
  folder: field(z.string().trim().default('downloads'), { label: 'Save in the folder', help: 'A folder inside the data folder.' }),
  fileName: field(z.string().trim().default(''), {
    label: 'File name',
    help: 'Empty: the name the site gives the file. A file of the same name is replaced.',
  }),
  waitMs: waitField(60_000),
});

/** The name a site suggests in Content-Disposition, else the last part of the address. */
function suggestedName(disposition: string | undefined, url: string): string {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  if (match) return decodeURIComponent(match[1]);
  return decodeURIComponent(new URL(url).pathname.split('/').pop() || 'download');
}

export default defineNode({
  id: 'browser-download',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: download file',
  description: 'Downloads a file through the browser (clicking a link, or from an address) into the data folder.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { mode: 'click', selector: 'text=Download report', folder: 'downloads' },
  async execute(ctx) {
    const cfg = ctx.config;
    const page = currentPage(ctx);
    const target = (name: string) => resolveDataPath(ctx.dataDir, path.join(cfg.folder, path.basename(cfg.fileName || name)));
    let full: string;
    let source: string;
    if (cfg.mode === 'click') {
      if (!cfg.selector) throw new Error('Enter the link or button that starts the download (its selector).');
      const waiting = page.waitForEvent('download', { timeout: playwrightTimeout(cfg.waitMs) });
      // Handled here so a failed click does not also leave an unhandled rejection behind.
      waiting.catch(() => {});
      await click(ctx, page, { selector: cfg.selector, waitMs: cfg.waitMs });
      const download = await waiting.catch(async (error: unknown) => {
        throw error instanceof Error && error.name === 'TimeoutError'
          ? await elementFailure(
              ctx,
              page,
              { selector: cfg.selector, waitMs: cfg.waitMs },
              'start a download with',
              new Error(`no download started within ${seconds(cfg.waitMs)} of the click`),
            )
          : error;
      });
      full = target(download.suggestedFilename());
      await mkdir(path.dirname(full), { recursive: true });
      await download.saveAs(full);
      const failure = await download.failure();
      if (failure) throw new Error(`The download failed: ${failure}.`);
      source = download.url();
    } else {
      if (!cfg.url) throw new Error('Enter the web address of the file to download.');
      let response;
      try {
        response = await page.request.get(cfg.url, { timeout: playwrightTimeout(cfg.waitMs) });
      } catch (error) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        throw new Error(`The file ${cfg.url} could not be downloaded: ${firstLine(error).replace(/^[\w.]+: /, '')}`);
      }
      if (!response.ok())
        throw new Error(`The file ${cfg.url} could not be downloaded: the site answered with status ${response.status()}.`);
      full = target(suggestedName(response.headers()['content-disposition'], cfg.url));
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, await response.body());
      source = cfg.url;
    }
    const file = path.relative(path.resolve(ctx.dataDir), full);
    const size = (await stat(full)).size;
    ctx.log.info(`Downloaded ${file} (${size} bytes).`);
    return { outputs: { main: [{ file, name: path.basename(full), size, url: source }] } };
  },
});

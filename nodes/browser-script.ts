import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { click, goTo, readAll, readOne, typeInto, waitForElement } from './lib/browser-actions';
import { waitField } from './lib/browser-fields';
import { currentPage, passOn } from './lib/browser-page';
import { previewDataUrl, savePicture, stampedName } from './lib/browser-screenshots';
import { runInSandbox } from './lib/sandbox';
import { isPlainObject } from './lib/values';

const DEFAULT_CODE = `// Work on the open page with: await goto(url), click(selector), fill(selector, text),
// text(selector), textAll(selector), attr(selector, name), waitFor(selector or milliseconds),
// screenshot(). "items" holds the incoming items. Return a list of objects to pass on.
const title = await text('h1');
return [{ title }];
`;

const config = z.object({
  code: field(z.string().default(DEFAULT_CODE), {
    label: 'Script (JavaScript)',
    help: 'Runs in a closed sandbox. It reaches the page only through the functions listed at the top of the default script; it cannot run code inside the page.',
    widget: 'code',
    expressions: false,
  }),
  timeoutMs: field(
    z.coerce
      .number({ error: 'Enter a number of milliseconds.' })
      .int()
      .min(100, 'The time limit must be at least 100 ms.')
      .max(600_000, 'The time limit can be at most 600000 ms.')
      .default(60_000),
    {
      label: 'Time limit (milliseconds)',
      help: 'The script is stopped when it runs longer than this, waiting included.',
      widget: 'number',
    },
  ),
  waitMs: waitField(),
});

function str(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what} must be text, like "#email".`);
  return value;
}

function toItems(value: unknown, fallback: Item[]): Item[] {
  if (value === null || value === undefined) return fallback;
  if (isPlainObject(value)) return [value];
  if (Array.isArray(value) && value.every(isPlainObject)) return value;
  throw new Error('The script must return a list of objects (like [{ title }]), one object, or nothing.');
}

export default defineNode({
  id: 'browser-script',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: script',
  description: 'Works on the open page with a short script, for what the other Browser steps cannot do.',
  icon: 'code',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { code: "await click('text=Next');\nreturn { title: await text('h1') };" },
  async execute(ctx) {
    const { code, timeoutMs, waitMs } = ctx.config;
    const page = currentPage(ctx);
    const at = (selector: unknown) => ({ selector: str(selector, 'The selector'), waitMs });
    // The page is reached only through these: never `evaluate`, which would run the user's
    // text inside the page with the profile's logins.
    const globals = {
      items: ctx.inputs.main ?? [],
      goto: async (url: unknown) => goTo(ctx, page, str(url, 'The address'), 'load', Math.max(waitMs, 30_000)),
      click: async (selector: unknown) => click(ctx, page, at(selector), { waitForLoad: true }),
      fill: async (selector: unknown, text: unknown) => typeInto(ctx, page, at(selector), String(text ?? '')),
      text: async (selector: unknown) => readOne(ctx, page, at(selector), 'text'),
      textAll: async (selector: unknown) => readAll(ctx, page, at(selector), 'text'),
      attr: async (selector: unknown, name: unknown) => readOne(ctx, page, at(selector), 'attribute', str(name, 'The attribute name')),
      waitFor: async (what: unknown) => {
        if (typeof what === 'number') return ctx.sleep(what);
        return waitForElement(ctx, page, at(what), 'visible');
      },
      screenshot: async () => {
        const file = await savePicture(ctx, `screenshots/${stampedName(ctx, 'png')}`, await page.screenshot());
        return { screenshot: await previewDataUrl(page), file };
      },
    };
    const value = await runInSandbox({
      code,
      globals,
      timeoutMs,
      memoryLimitMb: 64,
      signal: ctx.signal,
      onLog: (level, message) => ctx.log[level](message),
    });
    return { outputs: { main: toItems(value, passOn(ctx)) } };
  },
});

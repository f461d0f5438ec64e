import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { scrollBy, scrollTo, scrollToBottom } from './lib/browser-actions';
import { SELECTOR_HELP, waitField } from './lib/browser-fields';
import { currentPage, passOn } from './lib/browser-page';

const config = z.object({
  mode: field(z.enum(['element', 'bottom', 'pixels']).default('bottom'), {
    label: 'Scroll',
    widget: 'select',
    optionLabels: { element: 'Until an element is in view', bottom: 'To the bottom of the page', pixels: 'By a number of pixels' },
  }),
  selector: field(z.string().trim().default(''), { label: 'Element (selector)', help: SELECTOR_HELP }),
  pixels: field(z.coerce.number({ error: 'Enter a number of pixels.' }).int().default(800), {
    label: 'Pixels',
    help: 'Negative numbers scroll up.',
    widget: 'number',
  }),
  times: field(z.coerce.number({ error: 'Enter a whole number.' }).int().min(1).max(1000).default(1), {
    label: 'How many times',
    help: 'For lists that load more entries as you reach the bottom: scroll this many times, pausing between.',
    widget: 'number',
  }),
  pauseMs: field(z.coerce.number({ error: 'Enter a number of milliseconds.' }).int().min(0).max(60_000).default(1000), {
    label: 'Pause after each scroll (milliseconds)',
    widget: 'number',
  }),
  waitMs: waitField(),
});

export default defineNode({
  id: 'browser-scroll',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: scroll',
  description: 'Scrolls the open page: to an element, to the bottom (loading more entries), or by some pixels.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { mode: 'bottom', times: 3, pauseMs: 1000 },
  async execute(ctx) {
    const cfg = ctx.config;
    const page = currentPage(ctx);
    if (cfg.mode === 'element') {
      if (!cfg.selector) throw new Error('Enter the element to scroll to (its selector).');
      await scrollTo(ctx, page, { selector: cfg.selector, waitMs: cfg.waitMs });
    } else if (cfg.mode === 'bottom') {
      await scrollToBottom(ctx, page, cfg.times, cfg.pauseMs);
    } else {
      for (let i = 0; i < cfg.times; i++) {
        await scrollBy(page, cfg.pixels);
        await ctx.sleep(cfg.pauseMs);
      }
    }
    return { outputs: { main: passOn(ctx) } };
  },
});

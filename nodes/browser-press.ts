import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { pressKey } from './lib/browser-actions';
import { SELECTOR_HELP, waitField } from './lib/browser-fields';
import { currentPage, passOn } from './lib/browser-page';

const KEY_REQUIRED = 'Enter the key to press, like Enter or Tab.';

const config = z.object({
  key: field(z.string({ error: KEY_REQUIRED }).trim().min(1, KEY_REQUIRED), {
    label: 'Key',
    help: 'Enter, Tab, Escape, ArrowDown, PageDown… or a combination like Control+A.',
    placeholder: 'Enter',
  }),
  selector: field(z.string().trim().default(''), {
    label: 'On the element (optional)',
    help: `Leave empty to press the key wherever the page's focus is. ${SELECTOR_HELP}`,
  }),
  waitMs: waitField(),
});

export default defineNode({
  id: 'browser-press',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: press key',
  description: 'Presses a key on the open page, like Enter to send a form.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { key: 'Enter', selector: '#search' },
  async execute(ctx) {
    const { key, selector, waitMs } = ctx.config;
    await pressKey(ctx, currentPage(ctx), key, selector ? { selector, waitMs } : null);
    ctx.log.info(`Pressed ${key}${selector ? ` on "${selector}"` : ''}.`);
    return { outputs: { main: passOn(ctx) } };
  },
});

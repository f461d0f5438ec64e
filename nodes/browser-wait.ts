import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { waitForElement } from './lib/browser-actions';
import { SELECTOR_HELP, waitField } from './lib/browser-fields';
import { currentPage, passOn, seconds } from './lib/browser-page';

const STATE_WORDS = {
  visible: 'is visible',
  hidden: 'is hidden or gone',
  attached: 'is in the page (even hidden)',
  detached: 'is gone from the page',
};

const config = z.object({
  mode: field(z.enum(['element', 'time']).default('element'), {
    label: 'Wait for',
    widget: 'select',
    optionLabels: { element: 'An element to appear or disappear', time: 'A number of seconds' },
  }),
  selector: field(z.string().trim().default(''), { label: 'Element (selector)', help: SELECTOR_HELP, placeholder: '.results' }),
  state: field(z.enum(['visible', 'hidden', 'attached', 'detached']).default('visible'), {
    label: 'Until the element',
    widget: 'select',
    optionLabels: STATE_WORDS,
  }),
  seconds: field(
    z.coerce.number({ error: 'Enter a number of seconds.' }).min(0).max(3600, 'The wait can be at most 3600 seconds.').default(1),
    {
      label: 'Seconds',
      widget: 'number',
    },
  ),
  waitMs: waitField(30_000),
});

export default defineNode({
  id: 'browser-wait',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: wait',
  description: 'Waits until an element appears (or disappears) on the open page, or for some seconds.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { mode: 'element', selector: '.results', state: 'visible' },
  async execute(ctx) {
    const cfg = ctx.config;
    const page = currentPage(ctx);
    if (cfg.mode === 'time') {
      await ctx.sleep(cfg.seconds * 1000);
      ctx.log.info(`Waited ${seconds(cfg.seconds * 1000)}.`);
    } else {
      if (!cfg.selector) throw new Error('Enter the element to wait for (its selector), or choose to wait a number of seconds.');
      await waitForElement(ctx, page, { selector: cfg.selector, waitMs: cfg.waitMs }, cfg.state);
      ctx.log.info(`"${cfg.selector}" ${STATE_WORDS[cfg.state]}.`);
    }
    return { outputs: { main: passOn(ctx) } };
  },
});

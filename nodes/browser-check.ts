import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { setChecked } from './lib/browser-actions';
import { selectorField, waitField } from './lib/browser-fields';
import { currentPage, passOn } from './lib/browser-page';

const config = z.object({
  selector: selectorField('Checkbox or option button'),
  checked: field(z.boolean().default(true), {
    label: 'Ticked',
    help: 'On: tick it. Off: untick it. Nothing happens when it already is that way.',
    widget: 'switch',
  }),
  waitMs: waitField(),
});

export default defineNode({
  id: 'browser-check',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: tick box',
  description: 'Ticks or unticks a checkbox (or picks an option button) on the open page.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { selector: '#accept-terms', checked: true },
  async execute(ctx) {
    const { selector, waitMs, checked } = ctx.config;
    await setChecked(ctx, currentPage(ctx), { selector, waitMs }, checked);
    ctx.log.info(`${checked ? 'Ticked' : 'Unticked'} "${selector}".`);
    return { outputs: { main: passOn(ctx) } };
  },
});

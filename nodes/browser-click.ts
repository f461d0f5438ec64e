import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { click } from './lib/browser-actions';
import { selectorField, waitField } from './lib/browser-fields';
import { currentPage, passOn } from './lib/browser-page';

const config = z.object({
  selector: selectorField('Element to click'),
  button: field(z.enum(['left', 'right', 'middle']).default('left'), {
    label: 'Mouse button',
    widget: 'select',
    optionLabels: { left: 'Left (normal click)', right: 'Right', middle: 'Middle' },
  }),
  double: field(z.boolean().default(false), { label: 'Double-click', widget: 'switch' }),
  waitForLoad: field(z.boolean().default(true), {
    label: 'Then wait for the page to load',
    help: 'When the click opens another page (a link, a form button), wait until it has loaded before the next step.',
    widget: 'switch',
  }),
  waitMs: waitField(),
});

export default defineNode({
  id: 'browser-click',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: click',
  description: 'Clicks a button, link or other element on the open page.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { selector: 'role=button[name="Sign in"]' },
  async execute(ctx) {
    const { selector, waitMs, button, double, waitForLoad } = ctx.config;
    await click(ctx, currentPage(ctx), { selector, waitMs }, { button, double, waitForLoad });
    ctx.log.info(`Clicked "${selector}".`);
    return { outputs: { main: passOn(ctx) } };
  },
});

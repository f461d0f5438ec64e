import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { chooseOption } from './lib/browser-actions';
import { selectorField, waitField } from './lib/browser-fields';
import { currentPage, passOn } from './lib/browser-page';

const OPTION_REQUIRED = 'Enter the option to choose.';

const config = z.object({
  selector: selectorField('Drop-down list'),
  option: field(z.string({ error: OPTION_REQUIRED }).min(1, OPTION_REQUIRED), { label: 'Option to choose', placeholder: 'Germany' }),
  by: field(z.enum(['label', 'value']).default('label'), {
    label: 'Find the option by',
    widget: 'select',
    optionLabels: { label: 'The text shown in the list', value: 'Its value (from the page source)' },
  }),
  waitMs: waitField(),
});

export default defineNode({
  id: 'browser-select',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: choose from list',
  description: 'Chooses an option in a drop-down list of the open page.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { selector: '#country', option: 'Germany' },
  async execute(ctx) {
    const { selector, waitMs, option, by } = ctx.config;
    const chosen = await chooseOption(ctx, currentPage(ctx), { selector, waitMs }, option, by);
    if (chosen.length === 0)
      throw new Error(`The list "${selector}" has no option ${by === 'label' ? 'showing' : 'with the value'} "${option}".`);
    ctx.log.info(`Chose "${option}" in "${selector}".`);
    return { outputs: { main: passOn(ctx) } };
  },
});

import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { typeInto } from './lib/browser-actions';
import { selectorField, waitField } from './lib/browser-fields';
import { currentPage, passOn } from './lib/browser-page';

const config = z.object({
  selector: selectorField('Field to type into'),
  text: field(z.string().default(''), {
    label: 'Text',
    help: 'Replaces what the field holds. Use {{ $json.email }} to type a value from the item.',
  }),
  slowly: field(z.boolean().default(false), {
    label: 'Type key by key',
    help: 'For fields that react to each key (search suggestions). Slower.',
    widget: 'switch',
  }),
  pressEnter: field(z.boolean().default(false), { label: 'Press Enter afterwards', widget: 'switch' }),
  waitMs: waitField(),
});

export default defineNode({
  id: 'browser-type',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: type text',
  description: 'Types text into a field of the open page, like a search box or a login form.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { selector: '#email', text: '{{ $json.email }}' },
  async execute(ctx) {
    const { selector, waitMs, text, slowly, pressEnter } = ctx.config;
    await typeInto(ctx, currentPage(ctx), { selector, waitMs }, text, { slowly, pressEnter });
    // The text itself is not logged: it is often a password.
    ctx.log.info(`Typed ${text.length} characters into "${selector}".`);
    return { outputs: { main: passOn(ctx) } };
  },
});

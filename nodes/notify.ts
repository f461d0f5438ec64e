import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { toText } from './lib/values';

const TITLE_REQUIRED = 'Write a title for the notification.';
/** In "each" mode: a run over 10,000 items must not bury the bell under 10,000 entries. */
export const MAX_NOTIFICATIONS_PER_STEP = 20;

// An expression may give a number or an object: shown as text so it reads the same everywhere.
const asText = (value: unknown) => (value == null ? value : toText(value));

const config = z.object({
  title: field(z.preprocess(asText, z.string({ error: TITLE_REQUIRED }).trim().min(1, TITLE_REQUIRED)), {
    label: 'Title',
    help: 'Shown in bold in the bell at the top of the page. You can use {{ }}, like {{ $items.length }}.',
    placeholder: 'Import finished',
  }),
  message: field(z.preprocess(asText, z.string().default('')), {
    label: 'Message',
    help: 'A line or two under the title. You can use {{ }} to include values, like {{ $json.name }}.',
    placeholder: 'Imported {{ $items.length }} orders.',
    widget: 'textarea',
  }),
  level: field(z.enum(['info', 'success', 'warning', 'error']).default('info'), {
    label: 'Kind',
    help: 'Sets the colour of the entry in the bell.',
    widget: 'select',
    optionLabels: { info: 'Information', success: 'Success', warning: 'Warning', error: 'Problem' },
  }),
  mode: field(z.enum(['once', 'each']).default('once'), {
    label: 'Show it',
    help: `Once per run uses the first item for {{ }} values. Once for each item shows at most ${MAX_NOTIFICATIONS_PER_STEP} entries per run.`,
    widget: 'select',
    optionLabels: { once: 'Once per run', each: 'Once for each item' },
  }),
});

export default defineNode({
  id: 'notify',
  version: 1,
  category: 'action',
  group: 'Notify',
  displayName: 'Show a notification',
  description: 'Adds an entry to the bell at the top of the page (with a link to the run) and passes the items on unchanged.',
  icon: 'bell',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  // Showing an entry twice after a crash would confuse: its result is stored before the next step starts.
  sideEffects: true,
  example: { title: 'Orders imported', message: 'Imported {{ $items.length }} orders.', level: 'success', mode: 'once' },
  async execute(ctx) {
    const items = ctx.inputs.main ?? [];
    if (ctx.config.mode === 'once') {
      const { level, title, message } = ctx.config;
      await ctx.notify({ level, title, message });
      return { outputs: { main: items } };
    }
    const shown = items.slice(0, MAX_NOTIFICATIONS_PER_STEP);
    for (const [index, item] of shown.entries()) {
      const { level, title, message } = ctx.configFor(item, index);
      await ctx.notify({ level, title, message });
    }
    if (items.length > shown.length) {
      ctx.log.warn(
        `Showed ${shown.length} notifications, one for each of the first ${shown.length} items; the other ${items.length - shown.length} items got none.`,
      );
    }
    return { outputs: { main: items } };
  },
});

import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { toText } from './lib/values';

const MESSAGE_REQUIRED = 'Write the message to log.';

const config = z.object({
  // An expression may give a number or an object: it is logged as text so it reads the same everywhere.
  message: field(
    z.preprocess((value) => (value == null ? value : toText(value)), z.string({ error: MESSAGE_REQUIRED }).trim().min(1, MESSAGE_REQUIRED)),
    {
      label: 'Message',
      help: 'You can use {{ }} to include values, like {{ $json.name }} or {{ $items.length }}.',
      placeholder: 'Got order {{ $json.id }}',
    },
  ),
  level: field(z.enum(['info', 'warn', 'error']).default('info'), {
    label: 'Level',
    help: 'Warnings and errors stand out in the run view; the run still goes on.',
    widget: 'select',
    optionLabels: { info: 'Information', warn: 'Warning', error: 'Error' },
  }),
  mode: field(z.enum(['once', 'each']).default('once'), {
    label: 'Write it',
    widget: 'select',
    optionLabels: { once: 'Once', each: 'Once for each item' },
  }),
});

export default defineNode({
  id: 'log-message',
  version: 1,
  category: 'action',
  group: 'Notify',
  displayName: 'Log message',
  description: "Writes a message to this step's logs and passes the items on unchanged.",
  icon: 'scroll-text',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { message: 'Got order {{ $json.id }}', level: 'info', mode: 'each' },
  async execute(ctx) {
    const items = ctx.inputs.main ?? [];
    const { level, mode } = ctx.config;
    if (mode === 'once') ctx.log[level](ctx.config.message);
    else items.forEach((item, index) => ctx.log[level](ctx.configFor(item, index).message));
    return { outputs: { main: items } };
  },
});

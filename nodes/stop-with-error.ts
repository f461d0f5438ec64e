import { z } from 'zod';
import { defineNode, field, MAIN } from './types';

const DEFAULT_MESSAGE = 'The workflow was stopped on purpose.';

const config = z.object({
  message: field(z.string().default(DEFAULT_MESSAGE), {
    label: 'Error message',
    help: 'Shown as the reason the run failed. You can use {{ }} to include values, like {{ $json.id }}.',
    placeholder: 'Order {{ $json.id }} has no price',
  }),
});

export default defineNode({
  id: 'stop-with-error',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Stop with error',
  description: 'Fails the run with your message when items reach this step.',
  icon: 'octagon-x',
  config,
  inputs: [MAIN],
  // Never used: declared because every node needs an output, and the canvas may still draw it.
  outputs: [MAIN],
  example: { message: 'Order {{ $json.id }} has no price' },
  async execute(ctx) {
    // The message is resolved against the first item, the one that made the run stop.
    throw new Error(ctx.config.message.trim() || DEFAULT_MESSAGE);
  },
});

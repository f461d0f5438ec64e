import { z } from 'zod';
import { defineNode, MAIN } from './types';
import { itemsFromPayload } from './lib/trigger-items';

export default defineNode({
  id: 'manual-trigger',
  version: 1,
  category: 'trigger',
  group: 'Triggers',
  displayName: 'Manual start',
  description: 'Starts the workflow when you click Run, with the input you give (if any).',
  icon: 'play',
  config: z.object({}),
  inputs: [],
  outputs: [MAIN],
  example: {},
  async execute(ctx) {
    return { outputs: { main: itemsFromPayload(ctx.trigger?.payload) } };
  },
});

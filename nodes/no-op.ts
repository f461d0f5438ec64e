import { z } from 'zod';
import { defineNode, MAIN } from './types';

export default defineNode({
  id: 'no-op',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Do nothing',
  description: 'Passes items on unchanged; useful as a placeholder or to tidy up connections.',
  icon: 'arrow-right',
  config: z.object({}),
  inputs: [MAIN],
  outputs: [MAIN],
  example: {},
  async execute(ctx) {
    return { outputs: { main: ctx.inputs.main ?? [] } };
  },
});

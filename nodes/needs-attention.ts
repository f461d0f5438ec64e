import { z } from 'zod';
import { defineNode, field, MAIN } from './types';

/**
 * Stands in for an imported step (from n8n or an old workflow file) that TaskMaster can't run
 * as it was. It keeps the step's place and connections; when items reach it, it fails with the
 * message that says what to put in its place. Imported with "on error: error output", so only
 * the steps after it are skipped and the rest of the workflow still runs.
 */
const config = z.object({
  original: field(z.string().default(''), {
    label: 'Imported step',
    help: 'What this step was in the imported file, like n8n-nodes-base.slack.',
    expressions: false,
  }),
  message: field(z.string().default('This imported step needs to be replaced.'), {
    label: 'What to do',
    widget: 'textarea',
    expressions: false,
  }),
});

export default defineNode({
  id: 'needs-attention',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Needs attention',
  description: 'An imported step TaskMaster can’t run as it was: replace it with the step its message names.',
  icon: 'triangle-alert',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: {
    original: 'n8n-nodes-base.slack',
    message: 'Replace it with a "Send webhook" step that posts to your Slack incoming webhook.',
  },
  async execute(ctx) {
    const what = ctx.config.original ? ` (imported ${ctx.config.original})` : '';
    throw new Error(`This step needs attention${what}: ${ctx.config.message}`);
  },
});

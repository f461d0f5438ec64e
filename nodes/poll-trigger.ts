/**
 * Starts the workflow when a web address (an API) lists something new. The polling lives in
 * the trigger host (server/triggers/poll.ts); this file holds the settings.
 */
import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { keyValueList } from './lib/fields';
import { itemsFromPayload } from './lib/trigger-items';

const URL_REQUIRED = 'Enter the web address (URL) to check.';

export const pollTriggerConfig = z
  .object({
    url: field(z.string({ error: URL_REQUIRED }).trim().min(1, URL_REQUIRED), {
      label: 'Web address (URL)',
      placeholder: 'https://api.example.com/orders',
      expressions: false,
    }),
    headers: keyValueList({ label: 'Headers', help: 'Sent with every check, like an API key.' }),
    intervalSeconds: field(
      z.coerce
        .number({ error: 'Enter a number of seconds.' })
        .int('Enter a whole number.')
        .min(1, 'Enter at least 1.')
        .max(86_400, 'Enter at most 86400 (one day).')
        .default(60),
      {
        label: 'Check every (seconds)',
        widget: 'number',
        expressions: false,
      },
    ),
    listPath: field(z.string().trim().default(''), {
      label: 'Where the list is',
      help: 'The field holding the list in the answer, like "data.orders". Empty: the answer itself is the list.',
      placeholder: 'data.orders',
      expressions: false,
    }),
    dedupeBy: field(z.enum(['field', 'content']).default('field'), {
      label: 'Recognise entries by',
      widget: 'select',
      optionLabels: { field: 'A field that never changes (like id)', content: 'Their whole content' },
    }),
    keyField: field(z.string().trim().default('id'), {
      label: 'Field',
      help: 'With "a field": the field whose value tells entries apart, like "id".',
      placeholder: 'id',
      expressions: false,
    }),
    emitExistingOnFirstPoll: field(z.boolean().default(false), {
      label: 'Start with what is already there',
      help: 'Off: the first check only notes the entries that exist; the workflow starts for entries added later.',
      widget: 'switch',
    }),
  })
  .superRefine((cfg, ctx) => {
    if (!/^https?:\/\//i.test(cfg.url)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'The address must start with http:// or https://.' });
    }
    if (cfg.dedupeBy === 'field' && cfg.keyField === '') {
      ctx.addIssue({ code: 'custom', path: ['keyField'], message: 'Enter the field that tells entries apart, like "id".' });
    }
  });
export type PollTriggerConfig = z.output<typeof pollTriggerConfig>;

export default defineNode({
  id: 'poll-trigger',
  version: 1,
  category: 'trigger',
  group: 'Triggers',
  displayName: 'Check an API for new entries',
  description: 'Checks a web address at intervals and starts the workflow with the entries that are new since the last check.',
  icon: 'repeat',
  config: pollTriggerConfig,
  inputs: [],
  outputs: [MAIN],
  example: { url: 'https://api.example.com/orders', intervalSeconds: 60, listPath: 'data', dedupeBy: 'field', keyField: 'id' },
  async execute(ctx) {
    return { outputs: { main: itemsFromPayload(ctx.trigger?.payload) } };
  },
});

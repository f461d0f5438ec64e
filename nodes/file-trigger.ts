/**
 * Starts the workflow when files appear, change or disappear in a folder on the server.
 * The watching lives in the trigger host (server/triggers/file.ts).
 */
import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { itemsFromPayload } from './lib/trigger-items';

export const fileTriggerConfig = z
  .object({
    folder: field(z.string().trim().default(''), {
      label: 'Folder',
      help: 'A folder on the server’s disk (not your computer). A relative path is inside TaskMaster’s data folder (files/); empty watches that folder itself. Absolute paths like /srv/inbox work too.',
      placeholder: 'inbox',
      expressions: false,
    }),
    pattern: field(z.string().trim().default('**/*'), {
      label: 'File names',
      help: 'Which files count, as a pattern: "*.csv" = CSV files in the folder, "**/*.csv" = also in subfolders, "**/*" = everything.',
      placeholder: '*.csv',
      expressions: false,
    }),
    onCreated: field(z.boolean().default(true), { label: 'When a file is added', widget: 'switch' }),
    onChanged: field(z.boolean().default(true), { label: 'When a file changes', widget: 'switch' }),
    onDeleted: field(z.boolean().default(false), { label: 'When a file is deleted', widget: 'switch' }),
    debounceMs: field(z.coerce.number({ error: 'Enter a number of milliseconds.' }).int('Enter a whole number.').min(0, 'Enter 0 or more.').max(60_000, 'Enter at most 60000.').default(500), {
      label: 'Wait for quiet (milliseconds)',
      help: 'A file being written changes many times; the workflow starts once it has been quiet this long.',
      widget: 'number',
      expressions: false,
    }),
  })
  .superRefine((cfg, ctx) => {
    if (!cfg.onCreated && !cfg.onChanged && !cfg.onDeleted) {
      ctx.addIssue({ code: 'custom', path: ['onCreated'], message: 'Turn on at least one of: added, changed, deleted.' });
    }
  });
export type FileTriggerConfig = z.output<typeof fileTriggerConfig>;

export default defineNode({
  id: 'file-trigger',
  version: 1,
  category: 'trigger',
  group: 'Triggers',
  displayName: 'File watch',
  description: 'Starts the workflow when a file is added, changed or deleted in a folder on the server.',
  icon: 'file',
  config: fileTriggerConfig,
  inputs: [],
  outputs: [MAIN],
  example: { folder: 'inbox', pattern: '*.csv', onCreated: true, onChanged: false, onDeleted: false },
  async execute(ctx) {
    return { outputs: { main: itemsFromPayload(ctx.trigger?.payload) } };
  },
});

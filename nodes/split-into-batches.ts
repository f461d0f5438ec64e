/**
 * "Loop over items in batches" for a graph without loops. n8n's Loop Over Items sends a batch
 * round a cycle in the graph until the items run out; TaskMaster's graphs have no cycles, so
 * this step turns the batches into items instead: the steps after it (which already work item
 * by item, in order) then run once per batch. "Split out a list" turns a batch back into items.
 */
import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { fieldPath } from './lib/values';

const SIZE_MESSAGE = 'Enter how many items go in one batch, like 100.';
const RESERVED = ['batchNumber', 'batchCount', 'itemCount'];

const config = z.object({
  batchSize: field(z.coerce.number({ error: SIZE_MESSAGE }).int(SIZE_MESSAGE).min(1, 'A batch holds at least 1 item.').default(10), {
    label: 'Items per batch',
    help: 'The last batch holds what is left, so it may be smaller.',
    widget: 'number',
  }),
  listField: field(
    z
      .string()
      .trim()
      .min(1, 'Enter a field name for the list of items, like items.')
      .refine((name) => !RESERVED.includes(name), { message: `Pick another name: ${RESERVED.join(', ')} are already used by this step.` })
      .refine((name) => !name.includes('.'), { message: 'Use a plain field name, without dots.' })
      .default('items'),
    {
      label: 'Field for the batch’s items',
      help: 'Each batch item holds its items as a list in this field, with batchNumber (1, 2, …), batchCount and itemCount beside it.',
      placeholder: 'items',
    },
  ),
});

export default defineNode({
  id: 'split-into-batches',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Split into batches',
  description:
    'Groups items into batches of a set size; each batch becomes one item, so the next steps run once per batch, in order (like one web request for every 100 rows). Use "Split out a list" to get the single items back.',
  icon: 'layers',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { batchSize: 100, listField: 'rows' },
  async execute(ctx) {
    const { batchSize, listField } = ctx.config;
    fieldPath(listField); // refuses names like __proto__ with a plain message
    const items = ctx.inputs.main ?? [];
    const batchCount = Math.ceil(items.length / batchSize);
    const batches: Item[] = [];
    for (let start = 0, number = 1; start < items.length; start += batchSize, number++) {
      const batch = items.slice(start, start + batchSize);
      batches.push({ batchNumber: number, batchCount, itemCount: batch.length, [listField]: batch });
    }
    ctx.log.info(`${items.length} items in ${batchCount} ${batchCount === 1 ? 'batch' : 'batches'} of up to ${batchSize}.`);
    return { outputs: { main: batches } };
  },
});

import { tmpdir } from 'node:os';
import { z } from 'zod';
import { defineNode, field, MAIN, type Item, type NodeContext } from './types';
import { quoteList } from './lib/column-list';
import { externalSort } from './lib/external-sort';
import { sortOrder, type SortField } from './lib/sort-order';

const sortKey = z.object({
  field: field(z.string().trim().default(''), {
    label: 'Field',
    widget: 'field-name',
    help: 'The field to sort on, like price. Use a dot for a field inside another: address.city.',
    placeholder: 'price',
  }),
  direction: field(z.enum(['asc', 'desc']).default('asc'), {
    label: 'Order',
    widget: 'select',
    optionLabels: { asc: 'Smallest first (1 → 9, A → Z)', desc: 'Largest first (9 → 1, Z → A)' },
  }),
});

const config = z.object({
  keys: field(z.array(sortKey).default([{ field: '', direction: 'asc' }]), {
    label: 'Sort by',
    help:
      'The first field decides the order; the next ones only order items that are equal on the ones before. ' +
      'Numbers (also numbers written as text) are sorted as numbers, other text alphabetically. ' +
      'Items without a value always come last. Equal items keep their original order.',
    widget: 'list',
  }),
  ignoreCase: field(z.boolean().default(false), {
    label: 'Ignore upper/lower case',
    help: 'When on, "Paris" and "paris" count as equal and keep their original order.',
    widget: 'switch',
  }),
});

export default defineNode({
  id: 'sort',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Sort',
  description: 'Puts items in order by one or more fields, smallest or largest first.',
  icon: 'arrow-up-down',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: {
    keys: [
      { field: 'country', direction: 'asc' },
      { field: 'price', direction: 'desc' },
    ],
  },
  async execute(ctx) {
    const fields = fieldsOf(ctx.config);
    const items = ctx.inputs.main ?? [];
    const { order, notFound } = sortOrder(items, fields, ctx.config.ignoreCase);
    warnNotFound(ctx, notFound);
    const sorted = new Array<Item>(items.length);
    for (let i = 0; i < order.length; i++) sorted[i] = items[order[i]];
    return { outputs: { main: sorted } };
  },
  // Page by page: in memory up to a limit, past it sorted in parts on disk and merged (lib/external-sort.ts).
  async *stream(ctx) {
    const fields = fieldsOf(ctx.config);
    const sort = externalSort(ctx.pages(), {
      fields,
      ignoreCase: ctx.config.ignoreCase,
      tempDir: ctx.tempDir ?? tmpdir(),
      signal: ctx.signal,
    });
    let any = false;
    for await (const page of sort.pages) {
      any = true;
      yield { main: page };
    }
    if (!any) yield { main: [] };
    warnNotFound(ctx, sort.notFound());
  },
});

function fieldsOf(cfg: z.output<typeof config>): SortField[] {
  const keys = cfg.keys.filter((key) => key.field !== '');
  if (keys.length === 0) throw new Error('Enter at least one field to sort by.');
  return keys.map((key) => ({ name: key.field, descending: key.direction === 'desc' }));
}

function warnNotFound(ctx: NodeContext<unknown>, notFound: string[]): void {
  if (notFound.length > 0) ctx.warn(`No item has the field ${quoteList(notFound)}. Check the spelling.`);
}

import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { columnListField, columnNames, quoteList, unknownColumns } from './lib/column-list';
import { stableJson } from './lib/stable-json';
import { getField } from './lib/values';

const config = z
  .object({
    compare: field(z.enum(['all', 'columns']).default('all'), {
      label: 'Items are duplicates when',
      widget: 'select',
      optionLabels: { all: 'all their fields are the same', columns: 'the columns I list are the same' },
    }),
    columns: columnListField({
      label: 'Columns to compare',
      help: 'Separated by commas, like email or first_name, last_name. Used with "the columns I list are the same".',
    }),
    keep: field(z.enum(['first', 'last']).default('first'), {
      label: 'Which one to keep',
      help: 'Kept items stay in their original order.',
      widget: 'select',
      optionLabels: { first: 'The first one', last: 'The last one' },
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.compare !== 'columns') return;
    try {
      if (columnNames(cfg.columns).length > 0) return;
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'List the columns to compare, separated by commas.' });
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: (error as Error).message });
    }
  });

export default defineNode({
  id: 'remove-duplicates',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Remove duplicates',
  description: 'Keeps one item of each group of identical items, or of items with the same values in chosen columns.',
  icon: 'merge',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { compare: 'columns', columns: 'email', keep: 'last' },
  async execute(ctx) {
    const cfg = ctx.config;
    const items = ctx.inputs.main ?? [];
    const columns = cfg.compare === 'columns' ? columnNames(cfg.columns) : [];
    const unknown = unknownColumns(columns, items);
    if (unknown.length > 0) ctx.warn(`No item has the column ${quoteList(unknown)}. Check the spelling.`);
    // Key order does not matter: {a:1,b:2} and {b:2,a:1} are the same item.
    const keyOf = (item: Item) => stableJson(cfg.compare === 'all' ? item : columns.map((column) => getField(item, column)));
    const chosen = new Map<string, number>();
    items.forEach((item, index) => {
      const key = keyOf(item);
      if (cfg.keep === 'last' || !chosen.has(key)) chosen.set(key, index);
    });
    const keptIndexes = new Set(chosen.values());
    const kept = items.filter((_, index) => keptIndexes.has(index));
    ctx.log.info(`Removed ${items.length - kept.length} duplicates; ${kept.length} items kept.`);
    return { outputs: { main: kept } };
  },
});

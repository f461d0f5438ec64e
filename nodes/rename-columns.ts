import { z } from 'zod';
import { defineNode, field, MAIN, type Item, type NodeContext } from './types';
import { columnListField, columnNames, quoteList, unionOfKeys } from './lib/column-list';

const renameRow = z.object({
  from: field(z.string().trim().default(''), { label: 'Current name', widget: 'field-name', placeholder: 'Miles_per_Gallon' }),
  to: field(z.string().trim().default(''), { label: 'New name', placeholder: 'mpg' }),
});

const config = z
  .object({
    action: field(z.enum(['rename', 'select', 'drop']).default('rename'), {
      label: 'What to do',
      widget: 'select',
      optionLabels: { rename: 'Rename columns', select: 'Keep only the columns I list', drop: 'Remove the columns I list' },
    }),
    // One blank row by default so the form opens ready to fill in; blank rows are skipped.
    renames: field(z.array(renameRow).default([{ from: '', to: '' }]), {
      label: 'Columns to rename',
      help: 'Used with "Rename columns". Columns keep their place; a new name that is already taken replaces that column.',
      widget: 'list',
    }),
    columns: columnListField({
      label: 'Columns',
      help: 'Separated by commas. For "Keep only", the columns come out in the order listed.',
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.action === 'rename') {
      const seen = new Map<string, number>();
      cfg.renames.forEach((row, index) => {
        if (row.from === '' && row.to === '') return;
        if (row.from === '')
          ctx.addIssue({ code: 'custom', path: ['renames', index, 'from'], message: `Row ${index + 1}: enter the column's current name.` });
        if (row.to === '')
          ctx.addIssue({ code: 'custom', path: ['renames', index, 'to'], message: `Row ${index + 1}: enter the new name.` });
        const earlier = seen.get(row.to);
        if (row.to !== '' && earlier !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['renames', index, 'to'],
            message: `Rows ${earlier + 1} and ${index + 1} both rename a column to "${row.to}".`,
          });
        }
        seen.set(row.to, index);
      });
      return;
    }
    try {
      if (columnNames(cfg.columns).length > 0) return;
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'List the columns, separated by commas.' });
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: (error as Error).message });
    }
  });

/** Renames all at once (so a ↔ b swaps work); a renamed column wins over one that had its new name. */
function renamed(item: Item, mapping: Map<string, string>): Item {
  const replaced = new Set<string>();
  for (const [from, to] of mapping) if (Object.hasOwn(item, from)) replaced.add(to);
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(item)) {
    const to = mapping.get(key);
    if (to !== undefined) entries.push([to, value]);
    else if (!replaced.has(key)) entries.push([key, value]);
  }
  // fromEntries keeps a column named "__proto__" a plain field.
  return Object.fromEntries(entries);
}

/** Renames, keeps or drops columns item by item; `finish` warns about listed columns no item had. */
function columnStep(cfg: z.output<typeof config>) {
  const seen = new Set<string>();
  let any = false;
  const see = (items: Item[]) => {
    if (items.length > 0) any = true;
    for (const key of unionOfKeys(items)) seen.add(key);
  };
  const missing = (names: string[]) => (any ? names.filter((name) => !seen.has(name)) : []);
  if (cfg.action === 'rename') {
    const rows = cfg.renames.filter((row) => row.from !== '' && row.to !== '' && row.from !== row.to);
    const mapping = new Map(rows.map((row) => [row.from, row.to]));
    return {
      page: (items: Item[]) => (see(items), items.map((item) => renamed(item, mapping))),
      finish(ctx: NodeContext<unknown>) {
        const unknown = missing([...new Set(rows.map((row) => row.from))]);
        if (unknown.length > 0) ctx.warn(`No item has the column ${quoteList(unknown)}, so it was not renamed. Check the spelling.`);
      },
    };
  }
  const names = columnNames(cfg.columns);
  const dropped = new Set(names);
  const pick =
    cfg.action === 'select'
      ? // A column an item lacks is left out of that item rather than invented.
        (item: Item) => Object.fromEntries(names.filter((n) => Object.hasOwn(item, n)).map((n) => [n, item[n]]))
      : (item: Item) => Object.fromEntries(Object.entries(item).filter(([key]) => !dropped.has(key)));
  return {
    page: (items: Item[]) => (see(items), items.map(pick)),
    finish(ctx: NodeContext<unknown>) {
      const unknown = missing(names);
      if (unknown.length > 0) ctx.warn(`No item has the column ${quoteList(unknown)}. Check the spelling.`);
    },
  };
}

export default defineNode({
  id: 'rename-columns',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Rename or pick columns',
  description: 'Renames columns, keeps only some of them, or removes some of them.',
  icon: 'list',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { action: 'rename', renames: [{ from: 'Miles_per_Gallon', to: 'mpg' }] },
  async execute(ctx) {
    const items = ctx.inputs.main ?? [];
    const step = columnStep(ctx.config);
    const out = step.page(items);
    step.finish(ctx);
    return { outputs: { main: out } };
  },
  async *stream(ctx) {
    const step = columnStep(ctx.config);
    for await (const items of ctx.pages()) yield { main: step.page(items) };
    step.finish(ctx);
    yield { main: [] };
  },
});

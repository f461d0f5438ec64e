import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { columnListField, columnNames, quoteList, unionOfKeys, unknownColumns } from './lib/column-list';
import { isMissing } from './lib/missing';
import { getField } from './lib/values';

const config = z.object({
  columns: columnListField({
    label: 'Columns to check',
    help: 'Separated by commas. Leave empty to check every column.',
  }),
  when: field(z.enum(['any', 'all']).default('any'), {
    label: 'Drop a row when',
    widget: 'select',
    optionLabels: { any: 'any of these columns is empty', all: 'all of these columns are empty' },
  }),
  whitespace: field(z.boolean().default(true), {
    label: 'Treat text of only spaces as empty',
    widget: 'switch',
  }),
  naText: field(z.boolean().default(false), {
    label: 'Treat "NA", "N/A", "null", "NaN" and "None" as empty',
    help: 'As pandas does when it reads a CSV file (also "#N/A", "<NA>", "nan", "NULL" and a few more). The text must be exactly that word.',
    widget: 'switch',
  }),
});

export default defineNode({
  id: 'drop-missing',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Drop rows with missing values',
  description: 'Removes the items that have empty values (nothing, empty text, not-a-number) in the columns you choose.',
  icon: 'filter',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { columns: 'email, name', when: 'any', whitespace: true, naText: false },
  async execute(ctx) {
    const cfg = ctx.config;
    const items = ctx.inputs.main ?? [];
    const listed = columnNames(cfg.columns);
    const unknown = unknownColumns(listed, items);
    if (unknown.length > 0) ctx.warn(`No item has the column ${quoteList(unknown)}, so it counts as empty everywhere. Check the spelling.`);
    // A column that only some items have is missing in the others.
    const checked = listed.length > 0 ? listed : unionOfKeys(items);
    const options = { whitespace: cfg.whitespace, naText: cfg.naText };
    const missing = (item: (typeof items)[number], column: string) => isMissing(getField(item, column), options);
    const kept = items.filter((item) =>
      cfg.when === 'any' ? !checked.some((column) => missing(item, column)) : !checked.every((column) => missing(item, column)),
    );
    ctx.log.info(`Dropped ${items.length - kept.length} of ${items.length} rows; ${kept.length} kept.`);
    return { outputs: { main: kept } };
  },
});

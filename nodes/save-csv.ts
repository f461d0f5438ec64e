import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { defineNode, field, MAIN, type Item, type NodeContext, type NodeResult } from './types';
import { columnListField, columnNames, quoteList, unionOfKeys } from './lib/column-list';
import { DELIMITER_LABELS, DELIMITERS } from './lib/csv-read';
import { csvRows, existingHeader } from './lib/csv-write';
import { ifExistsField, lastByte, prepareTarget, savedItem, savePathField, writeTarget } from './lib/save-file';

const config = z
  .object({
    path: savePathField('csv'),
    ifExists: ifExistsField(),
    columns: field(z.enum(['all', 'chosen']).default('all'), {
      label: 'Columns',
      widget: 'select',
      optionLabels: { all: 'All columns, in the order they first appear', chosen: 'Only the columns I list' },
    }),
    columnList: columnListField({
      label: 'Columns to write',
      help: 'Separated by commas, in the order to write them. Used with "Only the columns I list". A dot reaches inside an object: address.city.',
    }),
    delimiter: field(z.enum(['comma', 'semicolon', 'tab', 'pipe']).default('comma'), {
      label: 'Separate values with',
      help: 'Excel in many European languages expects semicolons.',
      widget: 'select',
      optionLabels: DELIMITER_LABELS,
    }),
    header: field(z.boolean().default(true), {
      label: 'Write the column names as the first line',
      help: 'When adding to an existing file, its first line is kept and its columns are used.',
      widget: 'switch',
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.columns !== 'chosen') return;
    try {
      if (columnNames(cfg.columnList).length > 0) return;
      ctx.addIssue({ code: 'custom', path: ['columnList'], message: 'List the columns to write, separated by commas.' });
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['columnList'], message: (error as Error).message });
    }
  });

type SaveCsvConfig = z.output<typeof config>;

/**
 * Writes the items, which come page by page (`pages()` reads them from the start at each call):
 * "all columns" first reads them once for the column names, then again to write the rows.
 */
async function saveCsv(ctx: NodeContext<SaveCsvConfig>, pages: () => AsyncIterable<Item[]>): Promise<NodeResult> {
  const cfg = ctx.config;
  const delimiter = DELIMITERS[cfg.delimiter];
  const target = await prepareTarget(ctx.dataDir, cfg.path, cfg.ifExists);
  let columns = cfg.columns === 'chosen' ? columnNames(cfg.columnList) : await keysOfPages(pages());
  let header = cfg.header;
  let lineBreakFirst = false;
  const appending = cfg.ifExists === 'append' && (target.existingSize ?? 0) > 0;
  if (appending) {
    // Rows added to a file must line up with the columns it already has.
    const existing = header ? await existingHeader(target.full, delimiter) : [];
    if (existing.length > 0) {
      const leftOut = columns.filter((column) => !existing.includes(column));
      if (leftOut.length > 0) ctx.log.warn(`The file has no column ${quoteList(leftOut)}, so those values were not written.`);
      columns = existing;
    }
    header = false;
    lineBreakFirst = (await lastByte(target.full, target.existingSize ?? 0)) !== 0x0a;
  }
  const mode = cfg.ifExists === 'overwrite' ? 'replace' : cfg.ifExists === 'fail' ? 'create' : 'append';
  let count = 0;
  async function* rows(): AsyncGenerator<string[]> {
    for await (const items of pages()) {
      count += items.length;
      yield* csvRows(items, columns);
    }
  }
  try {
    await writeTarget(target, mode, async (file) => {
      if (lineBreakFirst) file.write('\n');
      // No columns (no items, or items without fields): an empty file, not a lone line break.
      if (columns.length === 0) {
        for await (const items of pages()) count += items.length;
        await pipeline(Readable.from([]), file, { signal: ctx.signal });
        return;
      }
      const csv = stringify({ delimiter, header, columns, record_delimiter: '\n' });
      await pipeline(Readable.from(rows()), csv, file, { signal: ctx.signal });
    });
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
    throw error;
  }
  ctx.log.info(`Saved ${count} ${count === 1 ? 'row' : 'rows'} to ${target.relative}.`);
  return { outputs: { main: [await savedItem(target, count)] } };
}

async function keysOfPages(pages: AsyncIterable<Item[]>): Promise<string[]> {
  const seen = new Set<string>();
  for await (const items of pages) for (const key of unionOfKeys(items)) seen.add(key);
  return [...seen];
}

export default defineNode({
  id: 'save-csv',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Save CSV',
  description: 'Writes the items to a CSV file in the data folder, one row per item.',
  icon: 'file',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { path: 'reports/orders-{{ $now }}.csv', ifExists: 'fail', delimiter: 'comma', header: true },
  async execute(ctx) {
    const items = ctx.inputs.main ?? [];
    return saveCsv(ctx, async function* () {
      yield items;
    });
  },
  stream(ctx) {
    return (async function* () {
      yield (await saveCsv(ctx, () => ctx.pages())).outputs;
    })();
  },
});

import { z } from 'zod';
import { defineNode, field, MAIN, type Item, type NodeContext } from './types';
import { applyDetectedTypes, detectTypes, type DetectOptions } from './lib/convert-types';
import { DELIMITER_LABELS, readCsv, readCsvPages } from './lib/csv-read';
import { checkSource, openSource, sourceFields } from './lib/data-source';

const config = z
  .object({
    ...sourceFields('CSV', 'csv'),
    delimiter: field(z.enum(['auto', 'comma', 'semicolon', 'tab', 'pipe']).default('auto'), {
      label: 'Values are separated by',
      help: 'Files from European Excel often use semicolons. "Detect automatically" looks at the first lines.',
      widget: 'select',
      optionLabels: { auto: 'Detect automatically', ...DELIMITER_LABELS },
    }),
    hasHeader: field(z.boolean().default(true), {
      label: 'The first line holds the column names',
      help: 'When off, the columns are named column_1, column_2 and so on, and the first line is data.',
      widget: 'switch',
    }),
    skipEmptyLines: field(z.boolean().default(true), {
      label: 'Skip empty lines',
      help: 'Lines with nothing in them (or only separators, like ",,,") are left out.',
      widget: 'switch',
    }),
    inferTypes: field(z.boolean().default(false), {
      label: 'Detect data types',
      help:
        'When off, every value stays text, exactly as in the file (so 007 stays 007). When on, columns that hold ' +
        'only numbers or only true/false become numbers and true/false. The "Fix data types" step gives more control.',
      widget: 'switch',
    }),
  })
  .superRefine((cfg, ctx) => checkSource(cfg, ctx, 'CSV', 'csv'));

export default defineNode({
  id: 'load-csv',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Load CSV',
  description: 'Reads a CSV file (from the data folder, a web address or pasted text) into one item per row.',
  icon: 'table',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { source: 'file', path: 'imports/customers.csv', delimiter: 'auto', hasHeader: true },
  async execute(ctx) {
    // Runs once whatever comes in: it is often the first step after a trigger.
    const cfg = ctx.config;
    const source = await openSource(ctx, cfg);
    let result;
    try {
      result = await readCsv(source.chunks, { ...cfg, encoding: source.encoding }, ctx.signal);
    } catch (error) {
      // A cancelled run keeps its own reason, so the engine sees a cancel and not a failure.
      if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
      throw new Error(`Could not read ${source.name}: ${(error as Error).message}`);
    }
    const { items, columns, delimiter } = result;
    report(ctx, source.name, items.length, columns, delimiter);
    if (!cfg.inferTypes) return { outputs: { main: items } };
    return { outputs: { main: withDetectedTypes(items) } };
  },
  async *stream(ctx) {
    const cfg = ctx.config;
    const source = await openSource(ctx, cfg);
    const found = { columns: [] as string[], delimiter: ',' };
    // Detecting types looks at every row before changing any: that needs all of them.
    const all: Item[] = [];
    let count = 0;
    try {
      for await (const page of readCsvPages(source.chunks, { ...cfg, encoding: source.encoding }, ctx.signal, found)) {
        count += page.length;
        if (!cfg.inferTypes) yield { main: page };
        else for (const item of page) all.push(item);
      }
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
      throw new Error(`Could not read ${source.name}: ${(error as Error).message}`);
    }
    report(ctx, source.name, count, found.columns, found.delimiter);
    yield { main: cfg.inferTypes ? withDetectedTypes(all) : [] };
  },
});

function report(ctx: NodeContext<unknown>, sourceName: string, rows: number, columns: string[], delimiter: string): void {
  const shownDelimiter = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
  ctx.log.info(`Read ${rows} rows with ${columns.length} columns from ${sourceName} (separated by ${shownDelimiter}).`);
  if (columns.length === 1 && rows > 0 && /[,;\t|]/.test(columns[0])) {
    ctx.warn(`Every row came out as a single column "${columns[0]}". Check "Values are separated by".`);
  }
}

/** Plain detection: text stays text where in doubt, and empty cells stay as they are. */
function withDetectedTypes(items: Item[]): Item[] {
  const options: DetectOptions = { yesNo: false, dates: 'keep', emptyToNull: false, leave: [] };
  return applyDetectedTypes(items, detectTypes(items, options), options, true);
}

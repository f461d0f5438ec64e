import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { applyDetectedTypes, detectTypes, type DetectOptions } from './lib/convert-types';
import { DELIMITER_LABELS, readCsv } from './lib/csv-read';
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
    const shownDelimiter = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
    ctx.log.info(`Read ${items.length} rows with ${columns.length} columns from ${source.name} (separated by ${shownDelimiter}).`);
    if (columns.length === 1 && items.length > 0 && /[,;\t|]/.test(columns[0])) {
      ctx.warn(`Every row came out as a single column "${columns[0]}". Check "Values are separated by".`);
    }
    if (!cfg.inferTypes) return { outputs: { main: items } };
    // Plain detection: text stays text where in doubt, and empty cells stay as they are.
    const options: DetectOptions = { yesNo: false, dates: 'keep', emptyToNull: false, leave: [] };
    return { outputs: { main: applyDetectedTypes(items, detectTypes(items, options), options, true) } };
  },
});

import { z } from 'zod';
import { defineNode, field, MAIN, type Item, type NodeContext } from './types';
import { columnListField, columnNames, quoteList, unionOfKeys, unknownColumns } from './lib/column-list';
import { applyDetectedTypes, convertValue, detectTypes, isBlank, TARGET_TYPES } from './lib/convert-types';

const TYPE_LABELS = {
  number: 'Number',
  integer: 'Whole number',
  boolean: 'True/false',
  date: 'Date (written as 2024-05-31T00:00:00.000Z)',
  string: 'Text',
} as const;

const columnType = z.object({
  column: field(z.string().trim().default(''), { label: 'Column', widget: 'field-name', placeholder: 'price' }),
  type: field(z.enum(TARGET_TYPES).default('number'), { label: 'Type', widget: 'select', optionLabels: TYPE_LABELS }),
});

const config = z
  .object({
    mode: field(z.enum(['detect', 'columns']).default('detect'), {
      label: 'How to choose the types',
      widget: 'select',
      optionLabels: { detect: 'Detect them from the values', columns: 'I choose a type for each column' },
    }),
    columns: field(z.array(columnType).default([]), {
      label: 'Column types',
      help: 'Used with "I choose a type for each column". Other columns are left as they are.',
      widget: 'list',
    }),
    leave: columnListField({
      label: 'Leave these columns as they are',
      help: 'When detecting: codes that look like numbers but are not, like phone numbers or zip codes. Separated by commas.',
      placeholder: 'phone, zip',
    }),
    yesNo: field(z.boolean().default(false), {
      label: 'Read yes/no as true/false',
      help: 'When detecting, true/false always become true/false; this adds yes/no.',
      widget: 'switch',
    }),
    dates: field(z.enum(['keep', 'iso']).default('keep'), {
      label: 'Dates found when detecting',
      widget: 'select',
      optionLabels: { keep: 'Leave them as written', iso: 'Rewrite as full date and time (2024-05-31T00:00:00.000Z)' },
    }),
    emptyToNull: field(z.boolean().default(true), {
      label: 'Empty cells become "no value" (null)',
      help: 'When detecting: in every column but those left as they are. Otherwise: in the chosen columns. When off, empty text stays empty text.',
      widget: 'switch',
    }),
    onInvalid: field(z.enum(['null', 'keep', 'fail']).default('null'), {
      label: "When a value can't be converted",
      help: 'With "I choose a type for each column", for values like "abc" in a Number column.',
      widget: 'select',
      optionLabels: { null: 'Empty it (null)', keep: 'Leave it as it is', fail: 'Stop with an error' },
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.mode === 'columns' && !cfg.columns.some((row) => row.column !== '')) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'Add at least one column and the type to give it.' });
    }
  });
type FixTypesConfig = z.output<typeof config>;

function detect(ctx: NodeContext<FixTypesConfig>, items: Item[]): Item[] {
  const cfg = ctx.config;
  const options = { yesNo: cfg.yesNo, dates: cfg.dates, emptyToNull: cfg.emptyToNull, leave: columnNames(cfg.leave) };
  const types = detectTypes(items, options);
  const changed = [...types].filter(([, type]) => type !== 'text').map(([column, type]) => `${column}: ${type}`);
  ctx.log.info(
    changed.length > 0 ? `Detected ${changed.join(', ')}; other columns stay text.` : 'No column holds only numbers, true/false or dates.',
  );
  return applyDetectedTypes(items, types, options);
}

function byColumn(ctx: NodeContext<FixTypesConfig>, items: Item[]): Item[] {
  // Warned before converting: a value that stops the step comes after the warning in its log.
  const rows = ctx.config.columns.filter((row) => row.column !== '');
  const unknown = unknownColumns([...new Set(rows.map((row) => row.column))], items, false);
  if (unknown.length > 0) ctx.warn(`No item has the column ${quoteList(unknown)}. Check the spelling.`);
  const step = columnConverter(ctx);
  const out = step.page(items);
  step.finish(false);
  return out;
}

/** Converts the chosen columns item by item (all at once or page by page); `finish` warns and says what failed. */
function columnConverter(ctx: NodeContext<FixTypesConfig>) {
  const cfg = ctx.config;
  const rows = cfg.columns.filter((row) => row.column !== '');
  const wanted = [...new Set(rows.map((row) => row.column))];
  const seen = new Set<string>();
  let index = 0;
  let failed = 0;
  const convert = (item: Item): Item => {
    const result: Item = { ...item };
    for (const { column, type } of rows) {
      if (!Object.hasOwn(item, column)) continue;
      const value = item[column];
      if (isBlank(value)) {
        if (cfg.emptyToNull) result[column] = null;
        continue;
      }
      const converted = convertValue(value, type);
      if (converted.ok) {
        result[column] = converted.value;
        continue;
      }
      if (cfg.onInvalid === 'fail') {
        throw new Error(
          `Row ${index + 1}, column "${column}": ${converted.reason}. Fix the value, choose another type, ` +
            `or set "When a value can't be converted" to empty it or leave it.`,
        );
      }
      failed++;
      if (cfg.onInvalid === 'null') result[column] = null;
    }
    index++;
    return result;
  };
  return {
    page(items: Item[]): Item[] {
      for (const key of unionOfKeys(items)) seen.add(key);
      return items.map(convert);
    },
    /** `warnUnknown`: say which chosen columns no item had (page by page, only known at the end). */
    finish(warnUnknown = true) {
      const unknown = warnUnknown && index > 0 ? wanted.filter((name) => !seen.has(name)) : [];
      if (unknown.length > 0) ctx.warn(`No item has the column ${quoteList(unknown)}. Check the spelling.`);
      if (failed > 0) {
        const what = cfg.onInvalid === 'null' ? 'emptied (null)' : 'left as they were';
        ctx.log.warn(`${failed} ${failed === 1 ? 'value' : 'values'} could not be converted and ${failed === 1 ? 'was' : 'were'} ${what}.`);
      }
    },
  };
}

export default defineNode({
  id: 'fix-types',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Fix data types',
  description: 'Turns text like "42", "true" or "2024-05-31" into numbers, true/false and dates, detected or per column.',
  icon: 'repeat',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: {
    mode: 'columns',
    columns: [
      { column: 'price', type: 'number' },
      { column: 'paid', type: 'boolean' },
      { column: 'ordered', type: 'date' },
    ],
    onInvalid: 'fail',
  },
  async execute(ctx) {
    const items = ctx.inputs.main ?? [];
    return { outputs: { main: ctx.config.mode === 'detect' ? detect(ctx, items) : byColumn(ctx, items) } };
  },
  async *stream(ctx) {
    if (ctx.config.mode === 'detect') {
      // Detecting looks at every value of a column before changing any: that needs all items.
      const all: Item[] = [];
      for await (const items of ctx.pages()) for (const item of items) all.push(item);
      yield { main: detect(ctx, all) };
      return;
    }
    const step = columnConverter(ctx);
    for await (const items of ctx.pages()) yield { main: step.page(items) };
    step.finish();
    yield { main: [] };
  },
});

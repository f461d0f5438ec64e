import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { columnListField, columnNames, quoteList } from './lib/column-list';
import { copyItem, fieldReader, fieldsNoItemHas, fieldTarget, putField, type FieldTarget } from './lib/item-fields';
import { asNumber } from './lib/values';

const config = z.object({
  columns: columnListField({
    label: 'Columns to normalize',
    help: 'Separated by commas, like price, weight. A dot reaches inside an object: size.height.',
  }),
  method: field(z.enum(['minMax', 'zScore']).default('minMax'), {
    label: 'Method',
    help:
      'Scale to 0…1: the smallest value becomes 0, the largest 1, the rest in between. ' +
      'Standard score (z-score): how many standard deviations a value is above (+) or below (−) the average. ' +
      'It uses the population standard deviation: divided by the number of values, not by one less.',
    widget: 'select',
    optionLabels: { minMax: 'Scale to 0…1 (min-max)', zScore: 'Standard score (z-score)' },
  }),
  output: field(z.enum(['replace', 'newColumn']).default('replace'), {
    label: 'Put the result',
    widget: 'select',
    optionLabels: { replace: 'In the same column, replacing the value', newColumn: 'In a new column next to it' },
  }),
  suffix: field(z.string().default('_normalized'), {
    label: 'New column name ending',
    help: 'Added to the column name for the new column: price becomes price_normalized.',
    placeholder: '_normalized',
  }),
});

interface Stats {
  /** The column's numbers per item; NaN where the value is not a number. */
  values: Float64Array;
  notNumbers: number;
  empty: number;
  /** Results are (value - offset) / scale. */
  offset: number;
  scale: number;
}

function statsOf(items: Item[], column: string, method: 'minMax' | 'zScore'): Stats {
  const values = new Float64Array(items.length);
  let notNumbers = 0;
  let empty = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const read = fieldReader(column);
  for (let i = 0; i < items.length; i++) {
    const raw = read(items[i]);
    const number = asNumber(raw);
    if (number === undefined) {
      values[i] = NaN;
      if (raw === undefined || raw === null || raw === '') empty++;
      else notNumbers++;
      continue;
    }
    values[i] = number;
    count++;
    sum += number;
    if (number < min) min = number;
    if (number > max) max = number;
  }
  if (method === 'minMax') return { values, notNumbers, empty, offset: min, scale: max - min };
  const mean = sum / count;
  // A second pass over the numbers: more exact than a running sum of squares.
  let squares = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) squares += (values[i] - mean) ** 2;
  return { values, notNumbers, empty, offset: mean, scale: Math.sqrt(squares / count) };
}

function explain(column: string, stats: Stats): string[] {
  const notes: string[] = [];
  const { notNumbers, empty } = stats;
  if (notNumbers > 0 || empty > 0) {
    const parts = [
      notNumbers === 0 ? '' : notNumbers === 1 ? '1 value was not a number' : `${notNumbers} values were not numbers`,
      empty === 0 ? '' : empty === 1 ? '1 value was empty' : `${empty} values were empty`,
    ];
    notes.push(`"${column}": ${parts.filter(Boolean).join(' and ')}; their result is empty (null).`);
  }
  if (stats.values.length > notNumbers + empty && stats.scale === 0) {
    notes.push(`"${column}": all its numbers are the same, so every result is 0.`);
  }
  return notes;
}

export default defineNode({
  id: 'normalize',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Normalize numbers',
  description: 'Rescales number columns to 0…1 or to standard scores, so columns of different sizes can be compared.',
  icon: 'ruler',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { columns: 'price, weight', method: 'minMax', output: 'newColumn', suffix: '_scaled' },
  async execute(ctx) {
    const cfg = ctx.config;
    const items = ctx.inputs.main ?? [];
    const columns = columnNames(cfg.columns);
    if (columns.length === 0) throw new Error('List the columns to normalize, separated by commas, like price, weight.');
    if (cfg.output === 'newColumn' && cfg.suffix.trim() === '') {
      throw new Error('Enter the ending for the new column names, like _normalized, or choose to replace the values.');
    }
    const unknown = fieldsNoItemHas(items, columns);
    if (unknown.length > 0) ctx.warn(`No item has the column ${quoteList(unknown)}. Check the spelling.`);

    const targets: FieldTarget[] = columns.map((column) => fieldTarget(cfg.output === 'replace' ? column : column + cfg.suffix.trim()));
    const stats = columns.map((column) => statsOf(items, column, cfg.method));
    for (const [c, column] of columns.entries()) for (const note of explain(column, stats[c])) ctx.log.warn(note);

    const out = new Array<Item>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = copyItem(items[i]);
      for (let c = 0; c < columns.length; c++) {
        const { values, offset, scale } = stats[c];
        const value = values[i];
        putField(item, targets[c], Number.isNaN(value) ? null : scale === 0 ? 0 : (value - offset) / scale);
      }
      out[i] = item;
    }
    return { outputs: { main: out } };
  },
});

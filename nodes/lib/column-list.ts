/**
 * Lists of column names that users type in one text box ("name, city"), shared by the data
 * cleaning and file nodes so every form reads them the same way.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { field, type FieldMeta, type Item } from '../types';
import { getField } from './values';

/**
 * A text box of column names. An expression may also give a real list (`{{ ["a", "b"] }}`),
 * which is why the value can be text or a list of text.
 */
export function columnListField(meta: FieldMeta) {
  return field(z.union([z.string(), z.array(z.string())]).default(''), {
    widget: 'field-names',
    placeholder: 'name, city, email',
    ...meta,
  });
}

export type ColumnListValue = string | string[];

/**
 * The names in a column list, trimmed, without blanks or repeats. Read as CSV so a name that
 * contains a comma can be written in double quotes: `"Smith, John", age`.
 */
export function columnNames(value: ColumnListValue): string[] {
  let names: string[];
  if (Array.isArray(value)) {
    names = value;
  } else {
    try {
      const rows: string[][] = parse(value, { trim: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
      names = rows.flat();
    } catch {
      throw new Error(`The column list "${value}" has a double quote that is never closed. Close it, or remove it.`);
    }
  }
  return [...new Set(names.map((name) => name.trim()).filter((name) => name !== ''))];
}

/** Every column that appears in any item, in the order it first appears. */
export function unionOfKeys(items: Item[]): string[] {
  const seen = new Set<string>();
  for (const item of items) for (const key of Object.keys(item)) seen.add(key);
  return [...seen];
}

/**
 * Names from `wanted` that no item has: almost always a typo the user wants to hear about.
 * With `nested`, a dotted name may also point inside an object (address.city).
 */
export function unknownColumns(wanted: string[], items: Item[], nested = true): string[] {
  if (items.length === 0) return [];
  const known = new Set(unionOfKeys(items));
  return wanted.filter((name) => !known.has(name) && !(nested && items.some((item) => getField(item, name) !== undefined)));
}

/** `"a", "b" and "c"` for messages. */
export function quoteList(names: string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

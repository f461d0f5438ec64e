/** Config field shapes used by more than one node, so the form renders them the same way. */
import { z } from 'zod';
import { field, type FieldMeta } from '../types';
import { toText } from './values';

const keyValueRow = z.object({
  name: field(z.string().default(''), { label: 'Name' }),
  // Unknown, not string: a value from an expression keeps its type (a number stays a number).
  value: field(z.unknown().optional(), { label: 'Value' }),
});
export type KeyValueRow = z.output<typeof keyValueRow>;

/** A list of name/value rows, shown as a key-value table; empty by default. */
export function keyValueList(meta: FieldMeta) {
  return field(z.array(keyValueRow).default([]), { widget: 'keyvalue', ...meta });
}

/** Optional text, '' by default; an expression that gives a number or an object is taken as its text. */
export function optionalTextField(meta: FieldMeta) {
  return field(
    z.preprocess((value) => (value == null ? value : toText(value)), z.string().default('')),
    meta,
  );
}

/** Config field shapes used by more than one node, so the form renders them the same way. */
import { z } from 'zod';
import { field, type FieldMeta } from '../types';

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

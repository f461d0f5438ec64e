/**
 * Writing a field by a name that may reach inside objects and lists: `address.city`,
 * `lines[0].sku`. A part ending in `[n]` is position n of a list (created when missing, earlier
 * positions empty), as in n8n and lodash. Only the objects and lists on the path are copied, so
 * input items stay untouched.
 */
import type { Item } from '../types';
import { fieldPath, isPlainObject } from './values';

type Part = string | number;

const INDEXED = /^(.*?)((?:\[\d+\])+)$/;

/** `a.b[1].c` → ['a', 'b', 1, 'c']. Text like `price [EUR]` stays a plain name. */
export function writePath(name: string): Part[] {
  const parts: Part[] = [];
  for (const segment of fieldPath(name)) {
    const indexed = INDEXED.exec(segment);
    if (!indexed || indexed[1] === '') {
      parts.push(segment);
      continue;
    }
    parts.push(indexed[1]);
    for (const index of indexed[2].matchAll(/\[(\d+)\]/g)) {
      const n = Number(index[1]);
      if (n > 100_000) throw new Error(`The field name "${name}" asks for position ${n} of a list; use a smaller position.`);
      parts.push(n);
    }
  }
  return parts;
}

function copyOf(value: unknown, nextIsIndex: boolean): Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (isPlainObject(value)) return { ...value };
  return nextIsIndex ? [] : {};
}

/** Copy of `item` with the field set. `dots`: false sets a field whose name is `name` exactly. */
export function writeField(item: Item, name: string, value: unknown, dots = true): Item {
  if (!dots) {
    if (name === '__proto__') throw new Error('The field name "__proto__" can\'t be used.');
    return { ...item, [name]: value };
  }
  const parts = writePath(name);
  const root: Item = { ...item };
  let current: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    const existing: unknown = Array.isArray(current) ? current[part as number] : current[part as string];
    const copy = copyOf(existing, typeof parts[i + 1] === 'number');
    if (Array.isArray(current)) current[part as number] = copy;
    else current[part as string] = copy;
    current = copy;
  }
  const last = parts[parts.length - 1];
  if (Array.isArray(current) && typeof last === 'number') {
    // Positions skipped over read as empty (null), not as holes JSON can't keep.
    while (current.length < last) current.push(null);
    current[last] = value;
  } else if (Array.isArray(current)) {
    throw new Error(`The field name "${name}" reaches "${last}" inside a list; name a position like [0].`);
  } else current[String(last)] = value;
  return root;
}

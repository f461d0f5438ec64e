/**
 * Reading, copying and writing fields for nodes that handle many items (a million is normal):
 * a field name is split and checked once, then each read or write costs no more than needed.
 * Results are the same as `getField` / `setField` in values.ts, which stay the simple way.
 */
import type { Item } from '../types';
import { fieldPath, isPlainObject } from './values';

/** Reads one field from many items; same result as `getField(item, name)`, without splitting the name each time. */
export function fieldReader(name: string): (item: Item) => unknown {
  const parts = name.split('.');
  if (parts.length === 1) return (item) => (Object.hasOwn(item, name) ? item[name] : undefined);
  return (item) => {
    // A key that itself contains dots wins, as in getField.
    if (Object.hasOwn(item, name)) return item[name];
    let value: unknown = item;
    for (let i = 0; i < parts.length; i++) {
      if (!isPlainObject(value) || !Object.hasOwn(value, parts[i])) return undefined;
      value = value[parts[i]];
    }
    return value;
  };
}

/** The names that no item has a value for: almost always a typo the user wants to hear about. */
export function fieldsNoItemHas(items: Item[], names: string[]): string[] {
  if (items.length === 0) return [];
  // Stops at the first item that has the field, so the usual case costs next to nothing.
  return [...new Set(names)].filter((name) => {
    const read = fieldReader(name);
    return !items.some((item) => read(item) !== undefined);
  });
}

/**
 * `fieldsNoItemHas` over items that come page by page: `see` each page, then `missing()` gives
 * the same names in the same order as `fieldsNoItemHas` over all the items would.
 */
export function missingFieldsTracker(names: string[]): { see(items: Item[]): void; missing(): string[] } {
  const left = new Map([...new Set(names)].map((name) => [name, fieldReader(name)]));
  let seen = false;
  return {
    see(items) {
      if (items.length > 0) seen = true;
      for (const [name, read] of left) if (items.some((item) => read(item) !== undefined)) left.delete(name);
    },
    missing: () => (seen ? [...left.keys()] : []),
  };
}

/**
 * A shallow copy of an item, to add fields to. Not `{ ...item }`: V8 (Node 20) makes that copy
 * as fast, but adding a field to it afterwards is 5 to 8 times slower, measured on a million items.
 * Object.assign would run the `__proto__` setter, so an item with such a key is spread instead.
 */
export function copyItem(item: Item): Item {
  return Object.hasOwn(item, '__proto__') ? { ...item } : Object.assign({}, item);
}

/** Sets a key on an object, even "__proto__" (which plain assignment would take as the prototype). */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A field name checked once, ready to write many times. */
export interface FieldTarget {
  name: string;
  parts: string[];
}

/** Checks a field name to write to; `where` starts the message ("Calculation 2"). */
export function fieldTarget(name: string, where?: string): FieldTarget {
  try {
    return { name, parts: fieldPath(name) };
  } catch (error) {
    throw new Error(where ? `${where}: ${(error as Error).message}` : (error as Error).message);
  }
}

/**
 * Sets a field on `target`, an object the node made itself (its own copy of an item). Objects
 * on a dotted path are copied, because they may still be shared with the input item. A key
 * that itself contains dots is written as it is, the way `getField` reads it.
 */
export function putField(target: Item, { name, parts }: FieldTarget, value: unknown): void {
  if (parts.length === 1 || Object.hasOwn(target, name)) {
    target[name] = value;
    return;
  }
  let current: Record<string, unknown> = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = current[parts[i]];
    const copy: Record<string, unknown> = isPlainObject(next) ? copyItem(next) : {};
    current[parts[i]] = copy;
    current = copy;
  }
  current[parts[parts.length - 1]] = value;
}

/**
 * Copy of `item` without the field; objects on a dotted path are copied, never changed. Built
 * key by key: deleting from a copy would switch V8 to slow objects for every item made from it.
 */
export function withoutField(item: Item, { name, parts }: FieldTarget): Item {
  return Object.hasOwn(item, name) ? without(item, [name], 0) : without(item, parts, 0);
}

function without(object: Record<string, unknown>, parts: string[], depth: number): Record<string, unknown> {
  const part = parts[depth];
  const last = depth === parts.length - 1;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (key !== part) setKey(copy, key, value);
    else if (!last) setKey(copy, key, isPlainObject(value) ? without(value, parts, depth + 1) : value);
  }
  return copy;
}

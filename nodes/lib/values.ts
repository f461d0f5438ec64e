/**
 * Reading, writing and comparing item values. Shared by several node files; lives in a
 * subfolder so the registry test (which scans `nodes/*.ts`) does not take it for a node.
 */
import type { Item } from '../types';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Writing these keys would change an object's prototype instead of adding a field.
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits a dotted field name (`address.city`) into its parts, with a readable error when it can't be used. */
export function fieldPath(name: string): string[] {
  const parts = name.split('.');
  if (parts.some((part) => part.trim() === '')) {
    throw new Error(`The field name "${name}" has an empty part: remove the extra dot.`);
  }
  const unsafe = parts.find((part) => UNSAFE_KEYS.has(part));
  if (unsafe) throw new Error(`The field name "${name}" uses "${unsafe}", which can't be used as a field name.`);
  return parts;
}

/** Value at a dotted field name; a key that itself contains dots wins, so `{"a.b": 1}` still reads. */
export function getField(item: Item, name: string): unknown {
  if (Object.hasOwn(item, name)) return item[name];
  let value: unknown = item;
  for (const part of name.split('.')) {
    if (!isPlainObject(value) || !Object.hasOwn(value, part)) return undefined;
    value = value[part];
  }
  return value;
}

/**
 * Copy of `item` with the dotted field set, creating objects on the way. Only the objects on
 * the path are copied: input items stay untouched because the engine may still hold them.
 */
export function setField(item: Item, name: string, value: unknown): Item {
  const parts = fieldPath(name);
  const root: Item = { ...item };
  let current: Record<string, unknown> = root;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    const copy: Record<string, unknown> = isPlainObject(next) ? { ...next } : {};
    current[part] = copy;
    current = copy;
  }
  current[parts[parts.length - 1]] = value;
  return root;
}

/** How a value reads as text in comparisons, URLs and headers: missing is empty, objects are JSON. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? '';
}

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** The number a value stands for (a number, or text that is plainly a decimal number), else undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  // Only plain decimals: Number() would also read "0x10", "" and "  " as numbers.
  if (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) return Number(value.trim());
  return undefined;
}

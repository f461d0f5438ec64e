/**
 * The size of a step's output, as the JSON it is stored as, measured without building that JSON
 * (a 100 MB string just to learn it is too big is the memory the limit is there to save), and
 * given up as soon as it passes the limit. Close to JSON.stringify's length for plain data:
 * escapes in strings are not counted, so it can be a little under, never wildly over.
 */
import type { HandleItems } from '../nodes/types';

/** One megabyte, as the limit in Settings ("Largest output of a step") counts it. */
export const MB = 1024 * 1024;

/** Bytes of `outputs` as JSON, or null when they stay within `limitBytes`. Stops counting past the limit. */
export function outputBytesOver(outputs: HandleItems, limitBytes: number): number | null {
  let bytes = 0;
  const stack: unknown[] = [];
  for (const items of Object.values(outputs)) stack.push(items);
  while (stack.length > 0) {
    const value = stack.pop();
    bytes += sizeOf(value, stack);
    if (bytes > limitBytes) return bytes;
  }
  return null;
}

/** The bytes a value adds by itself; its children are pushed to `stack` to be counted in turn. */
function sizeOf(value: unknown, stack: unknown[]): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'bigint':
      return String(value).length;
    case 'object': {
      if (value === null) return 4;
      if (value instanceof Date) return 26;
      if (Array.isArray(value)) {
        for (const element of value) stack.push(element);
        return 2 + Math.max(0, value.length - 1);
      }
      let own = 2;
      let count = 0;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        own += key.length + 3;
        count++;
        stack.push((value as Record<string, unknown>)[key]);
      }
      return own + Math.max(0, count - 1);
    }
    default:
      // undefined and functions are left out of JSON.
      return 0;
  }
}

/** Bytes of `outputs` as JSON, counted the same way as `outputBytesOver` (for outputs that come in parts). */
export function outputBytes(outputs: HandleItems): number {
  let bytes = 0;
  const stack: unknown[] = [];
  for (const items of Object.values(outputs)) stack.push(items);
  while (stack.length > 0) bytes += sizeOf(stack.pop(), stack);
  return bytes;
}

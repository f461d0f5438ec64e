/**
 * The methods expressions may call on text, lists and numbers. Anything not listed here is
 * refused, so new native methods (or ones that take regular expressions and can hang the
 * worker, like `match`) never become reachable by accident.
 */
import { type Callable, type Runtime, callFn, charge, checkText, checkTextSize, fail, isCallable, kindOf } from './runtime';

type Method<T> = (rt: Runtime, self: T, args: readonly unknown[]) => unknown;

function text(value: unknown, method: string): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') fail(`${method}() expects text, got ${kindOf(value)}`);
  if (isCallable(value)) fail(`${method}() expects text, got a function`);
  return String(value);
}

function int(value: unknown, method: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return Number(value);
  fail(`${method}() expects a number, got ${kindOf(value)}`);
}

function fn(value: unknown, method: string): Callable {
  if (isCallable(value)) return value;
  fail(`${method}() needs a function, e.g. ${method}(x => x.name); got ${kindOf(value)}`);
}

/** Literal replacement (no `$&` patterns) so the output size is known before it is built. */
function replaceAll(rt: Runtime, s: string, find: string, by: string): string {
  if (find === '') {
    checkTextSize(s.length + (s.length + 1) * by.length);
    charge(rt, s.length >> 6);
    return checkText(rt, by + Array.from(s).join(by) + by);
  }
  const parts = s.split(find);
  charge(rt, parts.length >> 6);
  checkTextSize(s.length + (parts.length - 1) * (by.length - find.length));
  return checkText(rt, parts.join(by));
}

export const STRING_METHODS = new Map<string, Method<string>>([
  ['toUpperCase', (_rt, s) => s.toUpperCase()],
  ['toLowerCase', (_rt, s) => s.toLowerCase()],
  ['trim', (_rt, s) => s.trim()],
  ['trimStart', (_rt, s) => s.trimStart()],
  ['trimEnd', (_rt, s) => s.trimEnd()],
  [
    'split',
    (rt, s, [sep, limit]) => {
      // Splitting into characters is the one split whose size is known before it happens.
      if (sep === '') charge(rt, s.length >> 6);
      const parts = sep === undefined ? [s] : s.split(text(sep, 'split'), int(limit, 'split'));
      charge(rt, parts.length >> 6);
      return parts;
    },
  ],
  ['slice', (_rt, s, [a, b]) => s.slice(int(a, 'slice'), int(b, 'slice'))],
  ['substring', (_rt, s, [a, b]) => s.substring(int(a, 'substring') ?? 0, int(b, 'substring'))],
  [
    'replace',
    (rt, s, [find, by]) => {
      const f = text(find, 'replace');
      const r = text(by, 'replace');
      const at = s.indexOf(f);
      if (at < 0) return s;
      checkTextSize(s.length - f.length + r.length);
      return checkText(rt, s.slice(0, at) + r + s.slice(at + f.length));
    },
  ],
  ['replaceAll', (rt, s, [find, by]) => replaceAll(rt, s, text(find, 'replaceAll'), text(by, 'replaceAll'))],
  ['includes', (_rt, s, [x, from]) => s.includes(text(x, 'includes'), int(from, 'includes'))],
  ['startsWith', (_rt, s, [x, from]) => s.startsWith(text(x, 'startsWith'), int(from, 'startsWith'))],
  ['endsWith', (_rt, s, [x, end]) => s.endsWith(text(x, 'endsWith'), int(end, 'endsWith'))],
  ['indexOf', (_rt, s, [x, from]) => s.indexOf(text(x, 'indexOf'), int(from, 'indexOf'))],
  ['lastIndexOf', (_rt, s, [x, from]) => s.lastIndexOf(text(x, 'lastIndexOf'), int(from, 'lastIndexOf'))],
  ['padStart', (rt, s, [len, fill]) => pad(rt, s, len, fill, 'padStart')],
  ['padEnd', (rt, s, [len, fill]) => pad(rt, s, len, fill, 'padEnd')],
  ['at', (_rt, s, [i]) => s.at(int(i, 'at') ?? 0)],
  ['charAt', (_rt, s, [i]) => s.charAt(int(i, 'charAt') ?? 0)],
  [
    'concat',
    (rt, s, args) => {
      const more = args.map((a) => text(a, 'concat'));
      checkTextSize(more.reduce((n, m) => n + m.length, s.length));
      return checkText(rt, s.concat(...more));
    },
  ],
  [
    'repeat',
    (rt, s, [count]) => {
      const n = int(count, 'repeat') ?? 0;
      if (!(n >= 0) || n === Infinity) fail('repeat() expects a count of 0 or more');
      checkTextSize(s.length * Math.floor(n));
      return checkText(rt, s.repeat(n));
    },
  ],
]);

function pad(rt: Runtime, s: string, len: unknown, fill: unknown, method: string): string {
  const n = int(len, method) ?? 0;
  checkTextSize(n);
  const f = fill === undefined ? ' ' : text(fill, method);
  return checkText(rt, method === 'padStart' ? s.padStart(n, f) : s.padEnd(n, f));
}

function sortCompare(rt: Runtime, compare: Callable) {
  return (a: unknown, b: unknown): number => {
    const r = callFn(rt, compare, [a, b]);
    if (typeof r !== 'number') fail('the function given to sort() must return a number');
    return r;
  };
}

export const ARRAY_METHODS = new Map<string, Method<readonly unknown[]>>([
  [
    'map',
    (rt, arr, [f]) => {
      const cb = fn(f, 'map');
      const out: unknown[] = [];
      for (let i = 0; i < arr.length; i++) out.push(callFn(rt, cb, [arr[i], i, arr]));
      return out;
    },
  ],
  [
    'filter',
    (rt, arr, [f]) => {
      const cb = fn(f, 'filter');
      const out: unknown[] = [];
      for (let i = 0; i < arr.length; i++) if (callFn(rt, cb, [arr[i], i, arr])) out.push(arr[i]);
      return out;
    },
  ],
  [
    'find',
    (rt, arr, [f]) => {
      const cb = fn(f, 'find');
      for (let i = 0; i < arr.length; i++) if (callFn(rt, cb, [arr[i], i, arr])) return arr[i];
      return undefined;
    },
  ],
  [
    'findIndex',
    (rt, arr, [f]) => {
      const cb = fn(f, 'findIndex');
      for (let i = 0; i < arr.length; i++) if (callFn(rt, cb, [arr[i], i, arr])) return i;
      return -1;
    },
  ],
  [
    'some',
    (rt, arr, [f]) => {
      const cb = fn(f, 'some');
      for (let i = 0; i < arr.length; i++) if (callFn(rt, cb, [arr[i], i, arr])) return true;
      return false;
    },
  ],
  [
    'every',
    (rt, arr, [f]) => {
      const cb = fn(f, 'every');
      for (let i = 0; i < arr.length; i++) if (!callFn(rt, cb, [arr[i], i, arr])) return false;
      return true;
    },
  ],
  [
    'reduce',
    (rt, arr, args) => {
      const cb = fn(args[0], 'reduce');
      let i = 0;
      let acc: unknown;
      if (args.length >= 2) acc = args[1];
      else if (arr.length === 0) fail('reduce() of an empty list needs a starting value, e.g. reduce((s, x) => s + x, 0)');
      else acc = arr[i++];
      for (; i < arr.length; i++) acc = callFn(rt, cb, [acc, arr[i], i, arr]);
      return acc;
    },
  ],
  [
    'join',
    (rt, arr, [sep]) => {
      charge(rt, arr.length >> 6);
      return checkText(rt, arr.join(sep === undefined ? ',' : text(sep, 'join')));
    },
  ],
  ['slice', (rt, arr, [a, b]) => bulk(rt, arr.slice(int(a, 'slice'), int(b, 'slice')))],
  ['includes', (rt, arr, [x, from]) => (charge(rt, arr.length >> 6), arr.includes(x, int(from, 'includes')))],
  ['indexOf', (rt, arr, [x, from]) => (charge(rt, arr.length >> 6), arr.indexOf(x, int(from, 'indexOf')))],
  ['at', (_rt, arr, [i]) => arr.at(int(i, 'at') ?? 0)],
  ['concat', (rt, arr, args) => bulk(rt, arr.concat(...args))],
  ['flat', (rt, arr, [depth]) => bulk(rt, arr.flat(int(depth, 'flat') ?? 1))],
  // sort and reverse return copies: inputs are shared with other items and nodes.
  [
    'sort',
    (rt, arr, [f]) => {
      const copy = bulk(rt, arr.slice());
      return f === undefined ? copy.sort() : copy.sort(sortCompare(rt, fn(f, 'sort')));
    },
  ],
  ['reverse', (rt, arr) => bulk(rt, arr.slice()).reverse()],
]);

function bulk(rt: Runtime, arr: unknown[]): unknown[] {
  charge(rt, arr.length >> 6);
  return arr;
}

export const NUMBER_METHODS = new Map<string, Method<number>>([
  ['toFixed', (_rt, n, [digits]) => n.toFixed(int(digits, 'toFixed'))],
  ['toPrecision', (_rt, n, [digits]) => n.toPrecision(int(digits, 'toPrecision'))],
  ['toString', (_rt, n, [radix]) => n.toString(int(radix, 'toString'))],
]);

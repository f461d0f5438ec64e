/**
 * The global helpers expressions can use. Namespaces (Math, JSON, Object, Date) are frozen
 * null-prototype records of `Builtin`s, so they have no `constructor` and cannot be changed
 * by one expression to affect the next.
 */
import { ExprDate } from './dates';
import { Builtin, type Runtime, charge, checkText, fail, isCallable, isPlainObject, kindOf } from './runtime';

function num(value: unknown, name: string): number {
  if (typeof value === 'number') return value;
  if ((value !== null && typeof value === 'object') || isCallable(value)) {
    fail(`${name}() expects numbers, got ${kindOf(value)}`);
  }
  return Number(value);
}

function str(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  fail(`${name}() expects text, got ${kindOf(value)}`);
}

function record(value: unknown, name: string): object {
  if (Array.isArray(value) || isPlainObject(value)) return value;
  fail(`${name}() expects an object or a list, got ${kindOf(value)}`);
}

function namespace(entries: Record<string, unknown>): Readonly<Record<string, unknown>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, entries));
}

const MATH_FUNCTIONS = [
  'abs',
  'ceil',
  'floor',
  'round',
  'trunc',
  'sign',
  'sqrt',
  'cbrt',
  'pow',
  'exp',
  'log',
  'log2',
  'log10',
  'min',
  'max',
  'hypot',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
] as const;

// Math.random is left out on purpose: expressions are deterministic so reruns give the same result.
const mathEntries: Record<string, unknown> = { PI: Math.PI, E: Math.E };
for (const name of MATH_FUNCTIONS) {
  const f = Math[name] as (...values: number[]) => number;
  mathEntries[name] = new Builtin(`Math.${name}`, (_rt, args) => f(...args.map((a) => num(a, `Math.${name}`))));
}

function stringify(rt: Runtime, [value, , space]: readonly unknown[]): unknown {
  if (space !== undefined && typeof space !== 'number' && typeof space !== 'string') {
    fail('JSON.stringify() expects a number or text for the indentation');
  }
  if (isCallable(value)) return undefined;
  const out = JSON.stringify(value, null, space);
  return out === undefined ? undefined : checkText(rt, out);
}

function entriesOf(rt: Runtime, value: unknown, name: string): [string, unknown][] {
  const entries = Object.entries(record(value, name));
  charge(rt, entries.length >> 6);
  return entries;
}

/** Names an expression can use besides the `$` variables. */
export const GLOBALS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['Math', namespace(mathEntries)],
  [
    'JSON',
    namespace({
      stringify: new Builtin('JSON.stringify', stringify),
      parse: new Builtin('JSON.parse', (rt, [text]) => {
        const source = str(text, 'JSON.parse');
        charge(rt, source.length >> 10);
        return JSON.parse(source) as unknown;
      }),
    }),
  ],
  [
    'Object',
    namespace({
      keys: new Builtin('Object.keys', (rt, [v]) => entriesOf(rt, v, 'Object.keys').map((e) => e[0])),
      values: new Builtin('Object.values', (rt, [v]) => entriesOf(rt, v, 'Object.values').map((e) => e[1])),
      entries: new Builtin('Object.entries', (rt, [v]) => entriesOf(rt, v, 'Object.entries')),
    }),
  ],
  [
    'Date',
    namespace({
      parse: new Builtin('Date.parse', (_rt, [text]) =>
        text instanceof ExprDate ? text.dt.toMillis() : Date.parse(str(text, 'Date.parse')),
      ),
    }),
  ],
  [
    'String',
    new Builtin('String', (rt, args) => {
      if (isCallable(args[0])) fail('String() cannot turn a function into text');
      return checkText(rt, args.length === 0 ? '' : String(args[0]));
    }),
  ],
  ['Number', new Builtin('Number', (_rt, args) => (args.length === 0 ? 0 : num(args[0], 'Number')))],
  ['Boolean', new Builtin('Boolean', (_rt, [v]) => Boolean(v))],
  [
    'parseInt',
    new Builtin('parseInt', (_rt, [v, radix]) =>
      parseInt(str(typeof v === 'number' ? String(v) : v, 'parseInt'), radix === undefined ? undefined : num(radix, 'parseInt')),
    ),
  ],
  ['parseFloat', new Builtin('parseFloat', (_rt, [v]) => parseFloat(str(typeof v === 'number' ? String(v) : v, 'parseFloat')))],
  ['isNaN', new Builtin('isNaN', (_rt, [v]) => Number.isNaN(num(v, 'isNaN')))],
  ['undefined', undefined],
  ['NaN', NaN],
  ['Infinity', Infinity],
]);

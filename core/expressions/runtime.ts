/**
 * The interpreter's value model and limits. Expressions never produce real JS functions:
 * arrow functions become `Lambda` records run by our own evaluator, and the helpers we offer
 * (Math.max, JSON.parse…) are `Builtin` records, so user text can never reach a native
 * function's properties (`constructor`, `call`, `bind`) or run outside the step budget.
 */

/** Variables an expression can read. Built once per node run; `$json` and `$index` change per item. */
export interface ExpressionScope {
  /** The current item. */
  $json: Record<string, unknown>;
  /** Position of the current item in `$items`. */
  $index: number;
  /** All items on the node's main input. */
  $items: readonly Record<string, unknown>[];
  /** Upstream results keyed by node id: `json` is the first output item, `items` the main output. */
  $node: Record<string, { json: Record<string, unknown> | undefined; items: readonly Record<string, unknown>[] }>;
  /** Payload of the event that started the run. */
  $trigger: unknown;
  $run: { id: string; workflowId: string | null };
  /** The workflow this run belongs to, as n8n's `$workflow`: its id, name and whether it is on. */
  $workflow?: { id: string | null; name: string; active: boolean };
  /** The workflow's time zone for `$now`, `$today` and `$date` (not a name expressions can read); absent: UTC. */
  zone?: string;
  /** Run time as an ISO string, passed in so expressions stay deterministic. */
  $now: string;
  $vars: Record<string, unknown>;
}

export const SCOPE_NAMES: readonly (keyof ExpressionScope)[] = [
  '$json',
  '$index',
  '$items',
  '$node',
  '$trigger',
  '$run',
  '$workflow',
  '$now',
  '$vars',
];

/** Limits that keep one expression from stalling or exhausting a worker. */
export const LIMITS = {
  /** Evaluation steps per expression per item (operators, member reads, calls, callback runs). */
  steps: 100_000,
  /** Longest text an expression may produce (characters). */
  textLength: 10 * 1024 * 1024,
  /** Arrow functions calling arrow functions, e.g. nested `.map`. */
  callDepth: 64,
  /** Nesting of the expression's syntax tree. */
  syntaxDepth: 100,
  /** Characters between `{{` and `}}`. */
  sourceLength: 20_000,
} as const;

/** A failure inside evaluation; the template layer turns it into an ExpressionError with the field. */
export class EvalFailure extends Error {}

export function fail(reason: string): never {
  throw new EvalFailure(reason);
}

/** Arrow-function parameters, innermost first via `parent`. */
export interface Env {
  readonly values: readonly unknown[];
  readonly parent: Env | null;
}

/** Mutable per-evaluation state; one per compiled config, reset at each expression. */
export interface Runtime {
  scope: ExpressionScope;
  steps: number;
  depth: number;
}

export type Code = (rt: Runtime, env: Env | null) => unknown;

export class Lambda {
  constructor(
    readonly body: Code,
    readonly env: Env | null,
  ) {}

  /** Left out of JSON like a real function would be (expressions cannot read this method). */
  toJSON(): undefined {
    return undefined;
  }
}

export class Builtin {
  constructor(
    readonly name: string,
    readonly run: (rt: Runtime, args: readonly unknown[]) => unknown,
  ) {}

  toJSON(): undefined {
    return undefined;
  }
}

export type Callable = Lambda | Builtin;

export function isCallable(value: unknown): value is Callable {
  return typeof value === 'object' && value !== null && (value instanceof Lambda || value instanceof Builtin);
}

function overBudget(): never {
  fail(
    `took more than ${LIMITS.steps.toLocaleString('en-US')} steps; it works through too much data ` +
      'for an expression (use a Code node for heavy work)',
  );
}

export function tick(rt: Runtime): void {
  if (++rt.steps > LIMITS.steps) overBudget();
}

/** Bulk work done by native helpers (copying, joining, searching) costs in proportion to its size. */
export function charge(rt: Runtime, units: number): void {
  rt.steps += units;
  if (rt.steps > LIMITS.steps) overBudget();
}

/** Every helper that builds text passes it through here so `"a".repeat(1e9)` stops cleanly. */
export function checkText(rt: Runtime, text: string): string {
  if (text.length > LIMITS.textLength) fail('produces text longer than 10 MB');
  if (text.length > 1024) charge(rt, text.length >> 10);
  return text;
}

export function checkTextSize(length: number): void {
  if (length > LIMITS.textLength) fail('produces text longer than 10 MB');
}

export function callFn(rt: Runtime, fn: Callable, args: readonly unknown[]): unknown {
  tick(rt);
  if (fn instanceof Builtin) return fn.run(rt, args);
  if (++rt.depth > LIMITS.callDepth) fail('calls functions inside functions too deeply');
  const result = fn.body(rt, { values: args, parent: fn.env });
  // Not in `finally`: a failure aborts the whole evaluation and the depth is reset before the next.
  rt.depth--;
  return result;
}

const objectProto = Object.prototype;

/** Plain data only: `{}` literals, JSON objects and null-prototype records. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === objectProto || proto === null;
}

/**
 * Sets an own data field. Plain assignment of `__proto__` would swap the object's prototype,
 * so that key (which can arrive in data via JSON.parse or spreads) is defined instead.
 */
export function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Marks the dates of dates.ts, which import this module (so it cannot import them). */
export const DATE_BRAND = Symbol('date');

/** How a value is named in messages for non-programmers. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'a list';
  if (isCallable(value) || typeof value === 'function') return 'a function';
  if (typeof value === 'object' && DATE_BRAND in value) return 'a date';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true/false';
    case 'object':
      return isPlainObject(value) ? 'an object' : 'a non-data object';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * The only doors from an expression into values: reading a member and calling something.
 * Both refuse prototypes and anything a value merely inherits, which is what keeps
 * `"".constructor.constructor("return process")()` and friends out of reach.
 */
import { DATE_METHODS, ExprDate, datePartOf } from './dates';
import { ARRAY_METHODS, NUMBER_METHODS, STRING_METHODS } from './methods';
import { type Runtime, callFn, fail, isCallable, isPlainObject, kindOf } from './runtime';

const BLOCKED = new Set(['__proto__', 'prototype', 'constructor']);
const hasOwn = Object.hasOwn;

export function blockedKeyReason(key: string): string | undefined {
  return BLOCKED.has(key) ? `"${key}" cannot be used: expressions have no access to object internals` : undefined;
}

function methodsOf(value: unknown): ReadonlyMap<string, unknown> | undefined {
  if (typeof value === 'string') return STRING_METHODS;
  if (Array.isArray(value)) return ARRAY_METHODS;
  if (typeof value === 'number') return NUMBER_METHODS;
  if (value instanceof ExprDate) return DATE_METHODS;
  return undefined;
}

/** Reads `obj[key]` if it is an own field of plain data (or a list/text length or index). */
export function readMember(obj: unknown, key: string | number, desc: string): unknown {
  if (typeof key === 'string') {
    const blocked = blockedKeyReason(key);
    if (blocked) fail(blocked);
  }
  if (obj === null || obj === undefined) {
    const hint = /^\$node[.[]/.test(desc) ? '; check that node runs before this one and the id is right' : '';
    fail(`cannot read "${key}" of ${String(obj)} (${desc} is ${String(obj)}${hint})`);
  }
  if (obj instanceof ExprDate) {
    const part = datePartOf(obj, String(key));
    if (part) return part.value;
    if (key === 'length') return obj.toJSON().length;
    if (DATE_METHODS.has(String(key)) || STRING_METHODS.has(String(key))) fail(`"${key}" is a function: call it, e.g. ${desc}.${key}(…)`);
    fail(`"${key}" is not a part of a date; use year, month, day, weekday, hour, minute… or format(), plus(), diff()`);
  }
  if (typeof obj === 'object') {
    if (Array.isArray(obj)) {
      if (key === 'length') return obj.length;
    } else if (!isPlainObject(obj)) {
      fail(`cannot read "${key}" of ${desc}: it is ${kindOf(obj)}, and only plain data can be read`);
    }
    if (hasOwn(obj, key)) return (obj as Record<string | number, unknown>)[key];
  } else if (typeof obj === 'string') {
    if (key === 'length') return obj.length;
    if (typeof key === 'number' || /^(0|[1-9]\d*)$/.test(key)) return obj[Number(key)];
  } else if (typeof obj === 'function') {
    fail(`cannot read "${key}" of ${desc}: functions have no fields`);
  }
  if (methodsOf(obj)?.has(String(key))) {
    fail(`"${key}" is a function: call it, e.g. ${desc}.${key}(…)`);
  }
  if (key in Object(obj)) {
    if (isPlainObject(obj)) fail(`"${key}" is not available on ${desc}: only its own fields can be read`);
    fail(`"${key}" cannot be used on ${kindOf(obj)}: it is not one of the allowed functions`);
  }
  return undefined;
}

const objectProto = Object.prototype;

/**
 * `readMember` for a key already checked against BLOCKED when compiled, with the common case
 * (an own field of a plain object) first: this is the hot path when a config runs per item.
 */
export function readKnownMember(obj: unknown, key: string | number, desc: string): unknown {
  if (typeof obj === 'object' && obj !== null) {
    const proto: unknown = Object.getPrototypeOf(obj);
    if ((proto === objectProto || proto === null) && hasOwn(obj, key)) return (obj as Record<string | number, unknown>)[key];
  }
  return readMember(obj, key, desc);
}

/** Runs a user function or helper; anything else is refused. */
export function invoke(rt: Runtime, fn: unknown, args: readonly unknown[], desc: string): unknown {
  if (isCallable(fn)) return callFn(rt, fn, args);
  if (typeof fn === 'function') fail(`${desc} comes from the data and cannot be called from an expression`);
  fail(`${desc} is not a function (it is ${kindOf(fn)})`);
}

/**
 * `recv.key(args)`: an allowlisted method of text, lists or numbers, or a function stored in
 * an object (`Math.max`, `{ f: x => x }.f`). Returns `missing` for `recv.key?.()` when absent.
 */
export function callMethod(
  rt: Runtime,
  recv: unknown,
  key: string | number,
  args: readonly unknown[],
  desc: string,
  missing?: symbol,
): unknown {
  if (typeof key === 'string') {
    if (typeof recv === 'string') {
      const m = STRING_METHODS.get(key);
      if (m) return m(rt, recv, args);
    } else if (Array.isArray(recv)) {
      const m = ARRAY_METHODS.get(key);
      if (m) return m(rt, recv, args);
    } else if (typeof recv === 'number') {
      const m = NUMBER_METHODS.get(key);
      if (m) return m(rt, recv, args);
    } else if (recv instanceof ExprDate) {
      const m = DATE_METHODS.get(key);
      if (m) return m(rt, recv, args);
      // A date is also its ISO text, so `$now.slice(0, 10)` written when $now was text still works.
      const s = STRING_METHODS.get(key);
      if (s) return s(rt, recv.toJSON(), args);
    }
  }
  const fn = readMember(recv, key, desc);
  if (missing !== undefined && (fn === null || fn === undefined)) return missing;
  return invoke(rt, fn, args, `${desc}.${key}`);
}

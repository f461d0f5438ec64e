/**
 * Turning text cells (as CSV gives them) into numbers, yes/no values and dates: per value for
 * a chosen type, and per column when the types are detected. Used by Fix data types and by
 * Load CSV's "detect data types" option, so both agree on what "looks like a number".
 */
import type { Item } from '../types';
import { asNumber, toText } from './values';

export const TARGET_TYPES = ['number', 'integer', 'boolean', 'date', 'string'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export type Converted = { ok: true; value: unknown } | { ok: false; reason: string };

/** Empty or only spaces: such a cell has no value to convert. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'off', '0']);

// 2024-05-31, 2024/5/31, optionally with a time (T or space), seconds, fraction and time zone.
const DATE_TEXT =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * The moment a date text stands for, as ISO text (UTC). Text without a time zone is read as
 * UTC, so the result does not depend on the server's time zone. Impossible dates (Feb 30) fail.
 */
export function dateToIso(text: string): string | undefined {
  const m = DATE_TEXT.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) => Number(part ?? 0));
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls Feb 30 over to Mar 2; a changed day means the date does not exist.
  if (new Date(time).getUTCDate() !== day) return undefined;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
  }
  return new Date(time - offsetMinutes * 60_000).toISOString();
}

function booleanOf(value: unknown, words: { yes: Set<string>; no: Set<string> }): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (words.yes.has(word)) return true;
  if (words.no.has(word)) return false;
  return undefined;
}

const shown = (value: unknown) => JSON.stringify(toText(value).slice(0, 60));

/** One value as the chosen type; blanks are the caller's business (see `isBlank`). */
export function convertValue(value: unknown, type: TargetType): Converted {
  switch (type) {
    case 'number': {
      const number = asNumber(value);
      return number === undefined ? { ok: false, reason: `${shown(value)} is not a number` } : { ok: true, value: number };
    }
    case 'integer': {
      const number = asNumber(value);
      if (number === undefined) return { ok: false, reason: `${shown(value)} is not a number` };
      if (!Number.isSafeInteger(number)) return { ok: false, reason: `${shown(value)} is not a whole number` };
      return { ok: true, value: number };
    }
    case 'boolean': {
      const flag = booleanOf(value, { yes: TRUE_WORDS, no: FALSE_WORDS });
      return flag === undefined ? { ok: false, reason: `${shown(value)} is not true/false or yes/no` } : { ok: true, value: flag };
    }
    case 'date': {
      if (value instanceof Date && !Number.isNaN(value.getTime())) return { ok: true, value: value.toISOString() };
      const iso = typeof value === 'string' ? dateToIso(value) : undefined;
      return iso === undefined
        ? { ok: false, reason: `${shown(value)} is not a date like 2024-05-31 or 2024-05-31 14:30` }
        : { ok: true, value: iso };
    }
    case 'string':
      return { ok: true, value: toText(value) };
  }
}

// ---- Detecting a column's type -------------------------------------------------------------

export type DetectedType = 'number' | 'boolean' | 'date' | 'text';

export interface DetectOptions {
  /** Whether yes/no text counts as true/false (true/false text always does). */
  yesNo: boolean;
  /** `keep` leaves date text as written; `iso` rewrites it as full ISO date and time. */
  dates: 'keep' | 'iso';
  /** Whether empty cells become null in the columns looked at. */
  emptyToNull: boolean;
  /** Columns left exactly as they are (codes that look like numbers, such as phone numbers). */
  leave: string[];
}

/**
 * Text that is plainly a number and safe to turn into one: not "007" or "+1" (codes and phone
 * numbers lose their meaning), and not a whole number too long to keep exactly (ids).
 */
function isNumberText(text: string): boolean {
  const trimmed = text.trim();
  if (asNumber(trimmed) === undefined) return false;
  if (/^[+-]?0\d/.test(trimmed) || trimmed.startsWith('+')) return false;
  if (/^-?\d+$/.test(trimmed) && !Number.isSafeInteger(Number(trimmed))) return false;
  return true;
}

function kindOf(value: unknown, options: DetectOptions): DetectedType {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'text';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value !== 'string') return 'text';
  if (isNumberText(value)) return 'number';
  const word = value.trim().toLowerCase();
  if (word === 'true' || word === 'false' || (options.yesNo && (word === 'yes' || word === 'no'))) return 'boolean';
  if (dateToIso(value) !== undefined) return 'date';
  return 'text';
}

/** A column's type: the one every filled-in value fits, else text (so a column never ends up half converted). */
function detectColumn(items: Item[], column: string, options: DetectOptions): DetectedType {
  let found: DetectedType | undefined;
  for (const item of items) {
    const value = item[column];
    if (isBlank(value)) continue;
    const kind = kindOf(value, options);
    if (kind === 'text' || (found !== undefined && found !== kind)) return 'text';
    found = kind;
  }
  return found ?? 'text';
}

/** Every column's detected type, in first-seen column order; columns in `leave` are left out. */
export function detectTypes(items: Item[], options: DetectOptions): Map<string, DetectedType> {
  const leave = new Set(options.leave);
  const columns = new Set<string>();
  for (const item of items) for (const key of Object.keys(item)) if (!leave.has(key)) columns.add(key);
  return new Map([...columns].map((column) => [column, detectColumn(items, column, options)]));
}

function convertDetected(value: unknown, type: DetectedType, options: DetectOptions): unknown {
  if (isBlank(value)) return options.emptyToNull ? null : value;
  if (type === 'number') return asNumber(value);
  // Detection only lets true/false/yes/no through, so anything but true/yes is false.
  if (type === 'boolean') return typeof value === 'boolean' ? value : /^(true|yes)$/i.test(String(value).trim());
  if (type === 'date' && options.dates === 'iso') return dateToIso(String(value));
  return value;
}

/**
 * Items with detected columns converted. Input items are copied, because the engine may still
 * hold them; `inPlace` skips the copy for items the caller just made (Load CSV), halving memory.
 */
export function applyDetectedTypes(items: Item[], types: Map<string, DetectedType>, options: DetectOptions, inPlace = false): Item[] {
  return items.map((item) => {
    const out: Item = inPlace ? item : { ...item };
    for (const [column, type] of types) {
      if (Object.hasOwn(item, column)) out[column] = convertDetected(item[column], type, options);
    }
    return out;
  });
}

/**
 * Dates for the Date & time step and the `$date` / `$now` expression helpers: one way to read a
 * value as a date, one list of periods and parts, one set of messages.
 *
 * Built on Luxon rather than date-fns: Luxon's DateTime carries its time zone (IANA names,
 * DST-correct arithmetic through Intl) and is immutable, where date-fns works on native Dates
 * in the machine's zone and needs date-fns-tz for the rest. n8n's expressions use Luxon too, so
 * imported `$now.toFormat('yyyy-MM-dd')` keeps its format tokens.
 */
import { DateTime, Duration, IANAZone, FixedOffsetZone, type DurationLikeObject } from 'luxon';

/** Formats and names are English whatever the machine's locale, so reruns elsewhere agree. */
const LOCALE = 'en-US';

export const DATE_UNITS = ['years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

export const DATE_UNIT_LABELS: Record<DateUnit, string> = {
  years: 'years',
  quarters: 'quarters',
  months: 'months',
  weeks: 'weeks',
  days: 'days',
  hours: 'hours',
  minutes: 'minutes',
  seconds: 'seconds',
  milliseconds: 'milliseconds',
};

/** The parts of a date the Date & time step and `$date(x).part` give. */
export const DATE_PARTS = [
  'year',
  'quarter',
  'month',
  'monthName',
  'day',
  'weekday',
  'weekdayName',
  'hour',
  'minute',
  'second',
  'millisecond',
  'dayOfYear',
  'weekNumber',
  'date',
  'time',
  'zone',
  'offset',
  'daysInMonth',
  'epochMs',
] as const;
export type DatePart = (typeof DATE_PARTS)[number];

export const DATE_PART_LABELS: Record<DatePart, string> = {
  year: 'year (2024)',
  quarter: 'quarter (1 to 4)',
  month: 'month (1 to 12)',
  monthName: 'month name (January)',
  day: 'day of the month (1 to 31)',
  weekday: 'weekday (1 Monday to 7 Sunday)',
  weekdayName: 'weekday name (Monday)',
  hour: 'hour (0 to 23)',
  minute: 'minute',
  second: 'second',
  millisecond: 'millisecond',
  dayOfYear: 'day of the year (1 to 366)',
  weekNumber: 'ISO week number',
  date: 'date only (2024-05-01)',
  time: 'time only (14:30:00)',
  zone: 'time zone name',
  offset: 'offset from UTC in minutes',
  daysInMonth: 'days in that month',
  epochMs: 'milliseconds since 1970 (for sorting)',
};

/** A date's part; `dt` is valid. */
export function datePart(dt: DateTime, part: DatePart): string | number {
  switch (part) {
    case 'monthName':
      return dt.setLocale(LOCALE).monthLong ?? '';
    case 'weekdayName':
      return dt.setLocale(LOCALE).weekdayLong ?? '';
    case 'dayOfYear':
      return dt.ordinal;
    case 'date':
      return dt.toISODate() ?? '';
    case 'time':
      return dt.toFormat('HH:mm:ss');
    case 'zone':
      return dt.zoneName ?? '';
    case 'epochMs':
      return dt.toMillis();
    default:
      return dt[part] ?? 0;
  }
}

const UNIT_ALIASES: Record<string, DateUnit> = Object.fromEntries(
  DATE_UNITS.flatMap((unit) => [
    [unit, unit],
    [unit.slice(0, -1), unit],
  ]),
);

/** `'day'`, `'days'` → `'days'`; undefined for anything else. */
export function dateUnit(name: unknown): DateUnit | undefined {
  return typeof name === 'string' ? UNIT_ALIASES[name.trim().toLowerCase()] : undefined;
}

export class DateInputError extends Error {}

/** The time zone by name (`Europe/Berlin`, `UTC`, `UTC+2`); throws a plain message otherwise. */
export function checkZone(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.toUpperCase() === 'UTC') return 'UTC';
  if (IANAZone.isValidZone(trimmed)) return trimmed;
  const fixed = /^UTC[+-]\d{1,2}(:\d{2})?$/i.test(trimmed) ? FixedOffsetZone.parseSpecifier(trimmed.toUpperCase()) : null;
  if (fixed?.isValid) return trimmed.toUpperCase();
  throw new DateInputError(`"${name}" is not a time zone. Use a name like Europe/Berlin, America/New_York or UTC.`);
}

export interface ReadDateOptions {
  /** The zone of dates written without an offset (`2024-05-01 09:00`), and of the result. */
  zone?: string;
  /** A Luxon format such as `dd/MM/yyyy` for text in another shape. */
  format?: string;
}

/**
 * Numbers below this are seconds since 1970 (year 5138 in seconds), above it milliseconds: n8n's
 * rule too (an integer of fewer than 12 digits is seconds).
 */
const SECONDS_LIMIT = 1e11;

/** Text that is a timestamp: 5 digits or more (4 digits read as a year, `2024`), or a decimal. */
const TIMESTAMP_TEXT = /^-?(?:\d{5,}(?:\.\d+)?|\d+\.\d+)$/;

/**
 * Reads text, a number (seconds or milliseconds since 1970, also written as text such as
 * "1714560000") or a date as a date in `zone` (default UTC). Text: ISO (`2024-05-01`, `2024-05-01T12:00:00Z`), `2024-05-01 12:00:00`,
 * RFC 2822 / HTTP dates, or the `format` given. Null when the value is not a date.
 */
export function readDate(value: unknown, options: ReadDateOptions = {}): DateTime | null {
  const zone = options.zone ?? 'UTC';
  let dt: DateTime | null = null;
  if (value instanceof DateTime) dt = value.setZone(zone);
  else if (value instanceof Date) dt = DateTime.fromJSDate(value, { zone });
  else if (typeof value === 'number' && Number.isFinite(value)) {
    dt = DateTime.fromMillis(Math.abs(value) < SECONDS_LIMIT ? value * 1000 : value, { zone });
  } else if (typeof value === 'string' && value.trim() !== '') {
    const text = value.trim();
    if (options.format) dt = DateTime.fromFormat(text, options.format, { zone, locale: LOCALE });
    else if (TIMESTAMP_TEXT.test(text)) {
      // As n8n's Date & Time step: numeric text is a timestamp, read like a number.
      const number = Number(text);
      dt = DateTime.fromMillis(Math.abs(number) < SECONDS_LIMIT ? number * 1000 : number, { zone });
    } else {
      dt = DateTime.fromISO(text, { zone });
      if (!dt.isValid) dt = DateTime.fromSQL(text, { zone });
      if (!dt.isValid) dt = DateTime.fromRFC2822(text, { zone });
      if (!dt.isValid) dt = DateTime.fromHTTP(text, { zone });
    }
  }
  return dt && dt.isValid ? dt : null;
}

/** Short description of a value for messages: `"31/12/2024"`, `a list`. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value);
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

/** Why `value` could not be read, and what to do. */
export function notADateMessage(value: unknown, format?: string): string {
  if (value === null || value === undefined || value === '') return 'is empty, not a date';
  if (format) return `${showValue(value)} does not match the format "${format}"`;
  return (
    `${showValue(value)} is not a date. Dates look like 2024-05-01 or 2024-05-01T14:30:00Z; ` +
    'for another shape such as 31/12/2024, give its format (dd/MM/yyyy)'
  );
}

/** `dt + amount unit`, DST-aware: adding 1 day keeps the clock time across a DST change. */
export function shiftDate(dt: DateTime, amount: number, unit: DateUnit): DateTime {
  if (!Number.isFinite(amount)) throw new DateInputError('The amount to add must be a number.');
  return dt.plus({ [unit]: amount } satisfies DurationLikeObject);
}

/** Periods like `{ days: 2, hours: 3 }` read from user data; throws for unknown keys. */
export function durationOf(value: unknown): Duration {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DateInputError('expects a period like { days: 2 } or (2, "days")');
  }
  const out: Record<string, number> = {};
  for (const [key, amount] of Object.entries(value)) {
    const unit = dateUnit(key);
    if (!unit) throw new DateInputError(`"${key}" is not a period; use ${DATE_UNITS.join(', ')}`);
    if (typeof amount !== 'number' || !Number.isFinite(amount)) throw new DateInputError(`the period "${key}" must be a number`);
    out[unit] = amount;
  }
  return Duration.fromObject(out);
}

/** `later - earlier` in `unit`, with fractions (1.5 days); calendar-aware for days and longer. */
export function dateDifference(earlier: DateTime, later: DateTime, unit: DateUnit): number {
  return later.diff(earlier, unit).as(unit);
}

/** `dt` as text with Luxon tokens (`yyyy-MM-dd HH:mm`), English names; ISO when no format. */
export function formatDate(dt: DateTime, format?: string): string {
  if (!format) return dt.toISO() ?? '';
  return dt.setLocale(LOCALE).toFormat(format);
}

/** ISO text of `dt`, date only when the input was a date without a time (keeps `2024-05-01` looking the same). */
export function isoLike(dt: DateTime, dateOnly: boolean): string {
  return (dateOnly ? dt.toISODate() : dt.toISO()) ?? '';
}

export function isDateOnlyText(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
}

export const START_OF_UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
export type StartOfUnit = (typeof START_OF_UNITS)[number];

export function startOfUnit(name: unknown): StartOfUnit | undefined {
  const unit = dateUnit(name);
  const single = unit?.slice(0, -1);
  return (START_OF_UNITS as readonly string[]).includes(single ?? '') ? (single as StartOfUnit) : undefined;
}

export { DateTime };

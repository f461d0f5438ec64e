/**
 * Dates in expressions: `$now`, `$today` and `$date(value)` give an ExprDate, an inert record
 * around a Luxon DateTime. Expressions reach it only through the parts and methods listed here
 * (never Luxon's own members), and there is no `new Date()`: the clock is the run's start time,
 * passed in as `$now`, so a step that runs again gives the same result.
 */
import {
  DATE_PARTS,
  DateInputError,
  type DatePart,
  DateTime,
  checkZone,
  dateDifference,
  datePart,
  dateUnit,
  durationOf,
  formatDate,
  notADateMessage,
  readDate,
  startOfUnit,
} from '../../nodes/lib/dates';
import { Builtin, DATE_BRAND, type Runtime, checkText, fail, isPlainObject, kindOf } from './runtime';

export class ExprDate {
  readonly [DATE_BRAND] = true;

  constructor(readonly dt: DateTime) {
    Object.freeze(this);
  }

  /** Text wherever a date meets text (`"on " + $now`, `{{ $now }}` in a sentence, JSON). */
  toJSON(): string {
    return this.dt.toISO() ?? '';
  }

  toString(): string {
    return this.toJSON();
  }

  /** `<`, `>` and `-` compare and subtract milliseconds; `+` with text gives ISO text. */
  [Symbol.toPrimitive](hint: string): string | number {
    return hint === 'number' ? this.dt.toMillis() : this.toJSON();
  }
}

const PARTS = new Set<string>(DATE_PARTS);

/** `$date(x).year` and friends; undefined when `key` is not a part. */
export function datePartOf(date: ExprDate, key: string): { value: unknown } | undefined {
  return PARTS.has(key) ? { value: datePart(date.dt, key as DatePart) } : undefined;
}

function guard<T>(name: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof DateInputError) fail(`${name}(): ${error.message}`);
    throw error;
  }
}

function zoneArg(value: unknown, name: string): string {
  if (typeof value !== 'string') fail(`${name}() expects a time zone name like "Europe/Berlin", got ${kindOf(value)}`);
  return guard(name, () => checkZone(value));
}

/** The other date of `diff`, `isBefore`…: a date, or anything `$date` reads. */
function otherDate(value: unknown, name: string, zone: string): DateTime {
  if (value instanceof ExprDate) return value.dt;
  const dt = readDate(value, { zone });
  if (!dt) fail(`${name}(): ${notADateMessage(value)}`);
  return dt;
}

/** `plus(2, "days")` or `plus({ days: 2 })`. */
function period(args: readonly unknown[], name: string): Record<string, number> {
  const [amount, unitName] = args;
  if (typeof amount === 'number') {
    const unit = dateUnit(unitName);
    if (!unit)
      fail(`${name}() needs a unit after the amount, like ${name}(2, "days"); units: years, months, weeks, days, hours, minutes, seconds`);
    if (!Number.isFinite(amount)) fail(`${name}() expects a finite number`);
    return { [unit]: amount };
  }
  return guard(name, () => durationOf(amount)).toObject() as Record<string, number>;
}

function unitArg(value: unknown, name: string, fallback: string) {
  const unit = dateUnit(value ?? fallback);
  if (!unit) fail(`${name}() expects a unit such as "days", "hours" or "months"`);
  return unit;
}

type DateMethod = (rt: Runtime, self: ExprDate, args: readonly unknown[]) => unknown;
const wrap = (dt: DateTime) => new ExprDate(dt);

function format(rt: Runtime, self: ExprDate, [fmt]: readonly unknown[]): string {
  if (fmt !== undefined && typeof fmt !== 'string') fail('format() expects a format like "yyyy-MM-dd"');
  if (typeof fmt === 'string' && fmt.length > 200) fail('format() accepts formats of up to 200 characters');
  return checkText(rt, formatDate(self.dt, fmt));
}

export const DATE_METHODS = new Map<string, DateMethod>([
  ['format', format],
  ['toFormat', format],
  ['toISO', (_rt, d) => d.dt.toISO()],
  ['toISODate', (_rt, d) => d.dt.toISODate()],
  ['toString', (_rt, d) => d.toJSON()],
  ['toMillis', (_rt, d) => d.dt.toMillis()],
  ['toSeconds', (_rt, d) => Math.floor(d.dt.toSeconds())],
  ['plus', (_rt, d, args) => wrap(d.dt.plus(period(args, 'plus')))],
  ['minus', (_rt, d, args) => wrap(d.dt.minus(period(args, 'minus')))],
  [
    'diff',
    (_rt, d, [other, unit]) => {
      const u = unitArg(unit, 'diff', 'days');
      return dateDifference(otherDate(other, 'diff', d.dt.zoneName ?? 'UTC'), d.dt, u);
    },
  ],
  ['setZone', (_rt, d, [zone]) => wrap(d.dt.setZone(zoneArg(zone, 'setZone')))],
  ['toUTC', (_rt, d) => wrap(d.dt.toUTC())],
  [
    'startOf',
    (_rt, d, [unit]) => {
      const u = startOfUnit(unit);
      if (!u) fail('startOf() expects "year", "month", "week", "day" or "hour"');
      return wrap(d.dt.startOf(u));
    },
  ],
  [
    'endOf',
    (_rt, d, [unit]) => {
      const u = startOfUnit(unit);
      if (!u) fail('endOf() expects "year", "month", "week", "day" or "hour"');
      return wrap(d.dt.endOf(u));
    },
  ],
  ['isBefore', (_rt, d, [other]) => d.dt < otherDate(other, 'isBefore', 'UTC')],
  ['isAfter', (_rt, d, [other]) => d.dt > otherDate(other, 'isAfter', 'UTC')],
  ['equals', (_rt, d, [other]) => +d.dt === +otherDate(other, 'equals', 'UTC')],
  [
    'hasSame',
    (_rt, d, [other, unit]) => {
      const u = startOfUnit(unit);
      if (!u) fail('hasSame() expects a unit such as "day", "month" or "year"');
      return d.dt.hasSame(otherDate(other, 'hasSame', d.dt.zoneName ?? 'UTC').setZone(d.dt.zone), u);
    },
  ],
]);

/** `$date(value)`, `$date(value, "Europe/Berlin")`, `$date(value, { format: "dd/MM/yyyy", zone })`. */
export const DATE_FUNCTION = new Builtin('$date', (rt, [value, options]) => {
  if (value instanceof ExprDate) return options === undefined ? value : new ExprDate(value.dt.setZone(zoneArg(options, '$date')));
  let zone = rt.scope.zone ?? 'UTC';
  let fmt: string | undefined;
  if (typeof options === 'string') zone = zoneArg(options, '$date');
  else if (isPlainObject(options)) {
    if (options.zone !== undefined) zone = zoneArg(options.zone, '$date');
    if (options.format !== undefined) {
      if (typeof options.format !== 'string') fail('$date(): the format must be text like "dd/MM/yyyy"');
      fmt = options.format;
    }
  } else if (options !== undefined) {
    fail('$date() takes a time zone ("Europe/Berlin") or { zone, format } as its second value');
  }
  const dt = readDate(value, { zone, format: fmt });
  if (!dt) fail(`$date(): ${notADateMessage(value, fmt)}`);
  return new ExprDate(dt);
});

let lastNow: { iso: string; zone: string; now: ExprDate; today: ExprDate } | null = null;

/** `$now` for a run start given as ISO text, in the workflow's zone; the same object for every item (it is immutable). */
function nowOf(iso: string, zone: string): { now: ExprDate; today: ExprDate } {
  if (lastNow?.iso !== iso || lastNow.zone !== zone) {
    const dt = iso ? DateTime.fromISO(iso, { zone }) : DateTime.fromMillis(0, { zone });
    if (!dt.isValid) fail('the run start time is missing');
    lastNow = { iso, zone, now: new ExprDate(dt), today: new ExprDate(dt.startOf('day')) };
  }
  return lastNow;
}

export function nowValue(rt: Runtime): ExprDate {
  return nowOf(rt.scope.$now, rt.scope.zone ?? 'UTC').now;
}

export function todayValue(rt: Runtime): ExprDate {
  return nowOf(rt.scope.$now, rt.scope.zone ?? 'UTC').today;
}

/**
 * Dates leaving an expression become ISO text, so items stay plain JSON data. Walks only
 * results of expressions that mention a date helper, sharing what holds no date.
 */
export function datesToText(value: unknown): unknown {
  if (value instanceof ExprDate) return value.toJSON();
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const next = datesToText(value[i]);
      if (next !== value[i]) (out ??= value.slice())[i] = next;
    }
    return out ?? value;
  }
  if (isPlainObject(value)) {
    let out: Record<string, unknown> | null = null;
    for (const [key, item] of Object.entries(value)) {
      const next = datesToText(item);
      if (next !== item) {
        out ??= { ...value };
        Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
      }
    }
    return out ?? value;
  }
  return value;
}

/** Source mentions a date helper: only then are results walked by `datesToText`. */
export const MENTIONS_DATES = /\$(now|today|date)\b/;

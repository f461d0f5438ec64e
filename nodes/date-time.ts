import { z } from 'zod';
import { defineNode, field, MAIN, type Item, type NodeContext } from './types';
import {
  DATE_PARTS,
  DATE_PART_LABELS,
  DATE_UNITS,
  DATE_UNIT_LABELS,
  type DateUnit,
  DateTime,
  DateInputError,
  START_OF_UNITS,
  checkZone,
  dateDifference,
  datePart,
  dateUnit,
  formatDate,
  isDateOnlyText,
  isoLike,
  notADateMessage,
  readDate,
  shiftDate,
} from './lib/dates';
import { copyItem, fieldReader, fieldTarget, fieldsNoItemHas, putField, type FieldTarget } from './lib/item-fields';

const OPERATIONS = ['part', 'format', 'add', 'subtract', 'difference', 'zone', 'round', 'now'] as const;
type Operation = (typeof OPERATIONS)[number];

const config = z.object({
  operation: field(z.enum(OPERATIONS).default('part'), {
    label: 'What to do',
    widget: 'select',
    optionLabels: {
      part: 'Take a part of a date (year, month, weekday…)',
      format: 'Write a date in another format',
      add: 'Add a period (days, months…)',
      subtract: 'Subtract a period',
      difference: 'Time between two dates',
      zone: 'Show a date in another time zone',
      round: 'Round a date (start of its day, month…)',
      now: 'The current date and time',
    },
  }),
  field: field(z.string().trim().default('date'), {
    label: 'Date field',
    widget: 'field-name',
    help: 'The field holding the date, like date or order.createdAt. Text such as 2024-05-01 or 2024-05-01T14:30:00Z, or a number of seconds since 1970.',
    placeholder: 'date',
    showWhen: { operation: ['part', 'format', 'add', 'subtract', 'difference', 'zone', 'round'] },
  }),
  // Unknown, not string: a date from an expression keeps its type (a number of seconds stays a number).
  date: field(z.unknown().optional(), {
    label: 'Date (instead of a field)',
    help: 'A date or an expression, like {{ $json.order.createdAt }} or {{ $node["Start"].json.at }}. When set, it is used instead of the date field.',
    showWhen: { operation: ['part', 'format', 'add', 'subtract', 'difference', 'zone', 'round'] },
  }),
  part: field(z.enum(DATE_PARTS).default('year'), {
    label: 'Part',
    widget: 'select',
    optionLabels: DATE_PART_LABELS,
    showWhen: { operation: ['part'] },
  }),
  format: field(z.string().default('yyyy-MM-dd'), {
    label: 'Format',
    help: "Letters stand for parts: yyyy year, MM month, dd day, HH hour, mm minute, ss second, EEEE weekday name, MMMM month name. Text in single quotes is kept: dd 'of' MMMM.",
    placeholder: 'dd/MM/yyyy HH:mm',
    showWhen: { operation: ['format'] },
  }),
  amount: field(z.coerce.number({ error: 'Enter a number, like 7.' }).default(1), {
    label: 'Amount',
    widget: 'number',
    showWhen: { operation: ['add', 'subtract'] },
  }),
  unit: field(z.enum(DATE_UNITS).default('days'), {
    label: 'Unit',
    widget: 'select',
    optionLabels: DATE_UNIT_LABELS,
    help: 'Adding days, weeks, months or years keeps the clock time, even across a daylight-saving change.',
    showWhen: { operation: ['add', 'subtract', 'difference'] },
  }),
  endField: field(z.string().trim().default(''), {
    label: 'Later date field',
    widget: 'field-name',
    help: 'The result is this date minus the date field, in the unit chosen (negative when it is earlier).',
    placeholder: 'deliveredAt',
    showWhen: { operation: ['difference'] },
  }),
  endDate: field(z.unknown().optional(), {
    label: 'Later date (instead of a field)',
    help: 'A date or an expression; when set, it is used instead of the later date field.',
    showWhen: { operation: ['difference'] },
  }),
  differenceAs: field(z.enum(['number', 'parts', 'iso']).default('number'), {
    label: 'Give the time between as',
    widget: 'select',
    optionLabels: {
      number: 'A number in the unit chosen (1.5 days)',
      parts: 'Parts, like { days: 1, hours: 12 }',
      iso: 'ISO text, like P1DT12H',
    },
    showWhen: { operation: ['difference'] },
  }),
  parts: field(z.string().trim().default(''), {
    label: 'Parts',
    help: 'The units to split the time into, largest first: years, months, weeks, days, hours, minutes, seconds, milliseconds. Empty: the unit above.',
    placeholder: 'days, hours',
    showWhen: { differenceAs: ['parts', 'iso'] },
  }),
  roundTo: field(z.enum(START_OF_UNITS).default('day'), {
    label: 'Round to',
    widget: 'select',
    showWhen: { operation: ['round'] },
  }),
  roundUp: field(z.boolean().default(false), {
    label: 'Round up (start of the next one)',
    widget: 'switch',
    showWhen: { operation: ['round'] },
  }),
  withTime: field(z.boolean().default(true), {
    label: 'Include the time',
    help: 'Off: midnight at the start of today.',
    widget: 'switch',
    showWhen: { operation: ['now'] },
  }),
  toZone: field(z.string().trim().default('UTC'), {
    label: 'Show in time zone',
    placeholder: 'America/New_York',
    showWhen: { operation: ['zone'] },
  }),
  zone: field(z.string().trim().default(''), {
    label: 'Time zone of the dates',
    help: 'For dates written without an offset (2024-05-01 09:00) and for the parts taken: Europe/Berlin, America/New_York, UTC. Empty: the workflow’s time zone (Workflow details), else UTC.',
    placeholder: 'the workflow’s time zone',
  }),
  inputFormat: field(z.string().default(''), {
    label: 'Date format of the field',
    help: 'Only when the dates are not like 2024-05-01: for 31/12/2024 write dd/MM/yyyy, for 12/31/2024 2:30 PM write MM/dd/yyyy h:mm a.',
    placeholder: 'dd/MM/yyyy',
  }),
  output: field(z.string().trim().default(''), {
    label: 'Put the result in',
    help: 'A field name. Empty: the part\'s name (year, weekday…), "difference", or the date field itself for the other choices.',
    placeholder: 'year',
  }),
  keepFields: field(z.boolean().default(true), {
    label: "Keep the item's other fields",
    help: 'Off: each item has only the result field.',
    widget: 'switch',
  }),
  fullDates: field(z.boolean().default(false), {
    label: 'Write dates in full',
    help: 'On: results are full ISO dates with the offset (2024-05-01T00:00:00.000+02:00) even when the input was a date only.',
    widget: 'switch',
    showWhen: { operation: ['add', 'subtract', 'round'] },
  }),
  ifNotDate: field(z.enum(['fail', 'empty', 'keep']).default('fail'), {
    label: 'When a value is not a date',
    widget: 'select',
    optionLabels: { fail: 'Stop with an error', empty: 'Leave the result empty', keep: 'Pass the item on unchanged' },
  }),
});

type Config = z.output<typeof config>;

function defaultOutput(cfg: Config): string {
  if (cfg.output) return cfg.output;
  if (cfg.operation === 'part') return cfg.part;
  if (cfg.operation === 'difference') return 'difference';
  if (cfg.operation === 'now') return 'now';
  return cfg.field || 'date';
}

const isWholeDayUnit = (unit: string) =>
  ['years', 'quarters', 'months', 'weeks', 'days', 'year', 'quarter', 'month', 'week', 'day'].includes(unit);

/** "days, hours" as Luxon units; the step's unit when empty. */
function partUnits(cfg: Config): DateUnit[] {
  const names = cfg.parts
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return [cfg.unit];
  return names.map((name) => {
    const unit = dateUnit(name);
    if (!unit) throw new Error(`"${name}" under "Parts" is not a unit. Use ${DATE_UNITS.join(', ')}.`);
    return unit;
  });
}

function timeBetween(cfg: Config, start: DateTime, end: DateTime): unknown {
  if (cfg.differenceAs === 'number') return dateDifference(start, end, cfg.unit);
  const duration = end.diff(start, partUnits(cfg));
  return cfg.differenceAs === 'iso' ? duration.toISO() : duration.toObject();
}

/** A date result: full ISO with offset, or date only when the input was a date only and the step works in whole days. */
function dateText(cfg: Config, dt: DateTime, raw: unknown, unit: string): string {
  return cfg.fullDates ? (dt.toISO() ?? '') : isoLike(dt, isDateOnlyText(raw) && isWholeDayUnit(unit));
}

/** The result for one item's date(s); `undefined` when a value is not a date. */
function compute(cfg: Config, dt: DateTime, raw: unknown, end: DateTime | null): unknown {
  const operation: Operation = cfg.operation;
  switch (operation) {
    case 'part':
      return datePart(dt, cfg.part);
    case 'format':
      return formatDate(dt, cfg.format);
    case 'add':
      return dateText(cfg, shiftDate(dt, cfg.amount, cfg.unit), raw, cfg.unit);
    case 'subtract':
      return dateText(cfg, shiftDate(dt, -cfg.amount, cfg.unit), raw, cfg.unit);
    case 'difference':
      return end ? timeBetween(cfg, dt, end) : undefined;
    case 'zone':
      return dt.setZone(checkZone(cfg.toZone)).toISO();
    case 'round': {
      const rounded = cfg.roundUp ? dt.plus({ [cfg.roundTo]: 1 }).startOf(cfg.roundTo) : dt.startOf(cfg.roundTo);
      return dateText(cfg, rounded, raw, cfg.roundTo);
    }
    case 'now':
      return dt.toISO();
  }
}

function withResult(item: Item, target: FieldTarget, value: unknown, keepFields: boolean): Item {
  const copy = keepFields ? copyItem(item) : {};
  putField(copy, target, value);
  return copy;
}

const given = (value: unknown) => value !== undefined && value !== '';

function check(cfg: Config): void {
  if (cfg.operation !== 'now' && !cfg.field && !given(cfg.date)) throw new Error('Enter the date field, like date.');
  if (cfg.operation === 'difference' && !cfg.endField && !given(cfg.endDate))
    throw new Error('Enter the later date field to measure the time to.');
  if (cfg.operation === 'format' && !cfg.format.trim()) throw new Error('Enter a format, like yyyy-MM-dd.');
  if (cfg.operation === 'difference' && cfg.differenceAs !== 'number') partUnits(cfg);
  try {
    checkZone(cfg.zone);
    if (cfg.operation === 'zone') checkZone(cfg.toZone);
  } catch (error) {
    if (error instanceof DateInputError) throw new Error(error.message);
    throw error;
  }
}

/** Where an item's date(s) come from: the fields, or the per-item "Date" values (expressions). */
function dateSources(ctx: NodeContext<Config>) {
  const cfg = ctx.config;
  const perItem = cfg.date !== undefined || cfg.endDate !== undefined;
  const read = fieldReader(cfg.field || 'date');
  const readEnd = cfg.endField ? fieldReader(cfg.endField) : null;
  return (item: Item, index: number) => {
    const own = perItem ? ctx.configFor(item, index) : cfg;
    const start = given(own.date) ? { name: 'Date', value: own.date } : { name: cfg.field, value: read(item) };
    if (cfg.operation !== 'difference') return { start, end: null };
    const end = given(own.endDate)
      ? { name: 'Later date', value: own.endDate }
      : readEnd
        ? { name: cfg.endField, value: readEnd(item) }
        : null;
    return { start, end };
  };
}

export default defineNode({
  id: 'date-time',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Date & time',
  description: 'Takes the year, month or weekday of a date, formats it, adds days, measures time between dates, changes time zone.',
  icon: 'calendar-clock',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { operation: 'part', field: 'date', part: 'year', zone: 'UTC', output: 'year' },
  async execute(ctx) {
    const cfg = ctx.config;
    check(cfg);
    const items = ctx.inputs.main ?? [];
    const target = fieldTarget(defaultOutput(cfg), '"Put the result in"');
    // An empty zone is the workflow's (Workflow details → Time zone), as n8n's nodes follow the
    // workflow setting; a workflow without one runs in the instance's zone, else UTC.
    const zone = checkZone(cfg.zone || ctx.timezone || 'UTC');
    const options = { zone, format: cfg.inputFormat.trim() || undefined };
    if (cfg.operation === 'now') {
      const now = cfg.withTime ? DateTime.now().setZone(zone) : DateTime.now().setZone(zone).startOf('day');
      return { outputs: { main: items.map((item) => withResult(item, target, compute(cfg, now, null, null), cfg.keepFields)) } };
    }
    const fromFields = [...(given(cfg.date) ? [] : [cfg.field]), ...(cfg.endField && !given(cfg.endDate) ? [cfg.endField] : [])];
    const missing = fieldsNoItemHas(
      items,
      fromFields.filter((name) => name !== ''),
    );
    if (missing.length > 0) ctx.log.warn(`No item has the field "${missing.join('", "')}". Check the spelling.`);
    const sourcesOf = dateSources(ctx);

    let notDates = 0;
    const out: Item[] = [];
    items.forEach((item, index) => {
      const { start, end } = sourcesOf(item, index);
      const dt = readDate(start.value, options);
      const endDt = end ? readDate(end.value, options) : null;
      const bad = !dt ? start : end && !endDt ? end : null;
      if (bad || !dt) {
        notDates++;
        if (cfg.ifNotDate === 'fail') {
          const problem = bad ? notADateMessage(bad.value, options.format) : 'is not a date';
          throw new Error(
            `Item ${index + 1}, ${bad?.name === 'Date' || bad?.name === 'Later date' ? `"${bad.name}"` : `field "${bad?.name ?? cfg.field}"`}: ${problem}. Or choose "Leave the result empty" under "When a value is not a date".`,
          );
        }
        out.push(cfg.ifNotDate === 'keep' ? item : withResult(item, target, null, cfg.keepFields));
        return;
      }
      out.push(withResult(item, target, compute(cfg, dt, start.value, endDt) ?? null, cfg.keepFields));
    });
    if (notDates > 0) ctx.log.warn(`${notDates} of ${items.length} items had no date in "${given(cfg.date) ? 'Date' : cfg.field}".`);
    ctx.log.info(`Worked out "${target.name}" for ${items.length - notDates} of ${items.length} items.`);
    return { outputs: { main: out } };
  },
});

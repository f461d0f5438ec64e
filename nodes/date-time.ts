import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import {
  DATE_PARTS, DATE_PART_LABELS, DATE_UNITS, DATE_UNIT_LABELS, type DateTime, DateInputError, checkZone, dateDifference,
  datePart, formatDate, isDateOnlyText, isoLike, notADateMessage, readDate, shiftDate,
} from './lib/dates';
import { copyItem, fieldReader, fieldTarget, fieldsNoItemHas, putField, type FieldTarget } from './lib/item-fields';

const OPERATIONS = ['part', 'format', 'add', 'subtract', 'difference', 'zone'] as const;
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
    },
  }),
  field: field(z.string().trim().default('date'), {
    label: 'Date field',
    help: 'The field holding the date, like date or order.createdAt. Text such as 2024-05-01 or 2024-05-01T14:30:00Z, or a number of seconds since 1970.',
    placeholder: 'date',
  }),
  part: field(z.enum(DATE_PARTS).default('year'), {
    label: 'Part',
    widget: 'select',
    optionLabels: DATE_PART_LABELS,
    showWhen: { operation: ['part'] },
  }),
  format: field(z.string().default('yyyy-MM-dd'), {
    label: 'Format',
    help: 'Letters stand for parts: yyyy year, MM month, dd day, HH hour, mm minute, ss second, EEEE weekday name, MMMM month name. Text in single quotes is kept: dd \'of\' MMMM.',
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
    help: 'The result is this date minus the date field, in the unit chosen (negative when it is earlier).',
    placeholder: 'deliveredAt',
    showWhen: { operation: ['difference'] },
  }),
  toZone: field(z.string().trim().default('UTC'), {
    label: 'Show in time zone',
    placeholder: 'America/New_York',
    showWhen: { operation: ['zone'] },
  }),
  zone: field(z.string().trim().default('UTC'), {
    label: 'Time zone of the dates',
    help: 'For dates written without an offset (2024-05-01 09:00) and for the parts taken: Europe/Berlin, America/New_York, UTC.',
    placeholder: 'UTC',
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
  return cfg.field;
}

/** The result for one item's date(s); `undefined` when a value is not a date. */
function compute(cfg: Config, dt: DateTime, raw: unknown, end: DateTime | null): unknown {
  const operation: Operation = cfg.operation;
  switch (operation) {
    case 'part': return datePart(dt, cfg.part);
    case 'format': return formatDate(dt, cfg.format);
    case 'add': return isoLike(shiftDate(dt, cfg.amount, cfg.unit), isDateOnlyText(raw) && isWholeDayUnit(cfg.unit));
    case 'subtract': return isoLike(shiftDate(dt, -cfg.amount, cfg.unit), isDateOnlyText(raw) && isWholeDayUnit(cfg.unit));
    case 'difference': return end ? dateDifference(dt, end, cfg.unit) : undefined;
    case 'zone': return dt.setZone(checkZone(cfg.toZone)).toISO();
  }
}

function withResult(item: Item, target: FieldTarget, value: unknown): Item {
  const copy = copyItem(item);
  putField(copy, target, value);
  return copy;
}

const isWholeDayUnit = (unit: string) => ['years', 'quarters', 'months', 'weeks', 'days'].includes(unit);

function check(cfg: Config): void {
  if (!cfg.field) throw new Error('Enter the date field, like date.');
  if (cfg.operation === 'difference' && !cfg.endField) throw new Error('Enter the later date field to measure the time to.');
  if (cfg.operation === 'format' && !cfg.format.trim()) throw new Error('Enter a format, like yyyy-MM-dd.');
  try {
    checkZone(cfg.zone);
    if (cfg.operation === 'zone') checkZone(cfg.toZone);
  } catch (error) {
    if (error instanceof DateInputError) throw new Error(error.message);
    throw error;
  }
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
    const read = fieldReader(cfg.field);
    const readEnd = cfg.endField ? fieldReader(cfg.endField) : null;
    const target = fieldTarget(defaultOutput(cfg), '"Put the result in"');
    const zone = checkZone(cfg.zone);
    const options = { zone, format: cfg.inputFormat.trim() || undefined };
    const missing = fieldsNoItemHas(items, [cfg.field, ...(cfg.endField ? [cfg.endField] : [])]);
    if (missing.length > 0) ctx.log.warn(`No item has the field "${missing.join('", "')}". Check the spelling.`);

    let notDates = 0;
    const out: Item[] = [];
    items.forEach((item, index) => {
      const raw = read(item);
      const dt = readDate(raw, options);
      const endRaw = readEnd?.(item);
      const end = readEnd ? readDate(endRaw, options) : null;
      const bad = !dt ? { field: cfg.field, value: raw } : readEnd && !end ? { field: cfg.endField, value: endRaw } : null;
      if (bad || !dt) {
        notDates++;
        if (cfg.ifNotDate === 'fail') {
          const problem = bad ? notADateMessage(bad.value, options.format) : 'is not a date';
          throw new Error(`Item ${index + 1}, field "${bad?.field ?? cfg.field}": ${problem}. Or choose "Leave the result empty" under "When a value is not a date".`);
        }
        out.push(cfg.ifNotDate === 'keep' ? item : withResult(item, target, null));
        return;
      }
      out.push(withResult(item, target, compute(cfg, dt, raw, end) ?? null));
    });
    if (notDates > 0) ctx.log.warn(`${notDates} of ${items.length} items had no date in "${cfg.field}".`);
    ctx.log.info(`Worked out "${target.name}" for ${items.length - notDates} of ${items.length} items.`);
    return { outputs: { main: out } };
  },
});

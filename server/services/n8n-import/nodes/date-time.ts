/**
 * n8n's Date & Time step (v1: format / calculate with moment.js formats; v2: seven operations
 * with Luxon formats) as our Date & time step. A date given as `={{ $json.x }}` becomes the step's
 * date field; any other value or expression goes to its "Date" setting, resolved per item.
 * v2 writes only the result field unless "Include Input Fields" is on, and writes dates as full
 * ISO text in the workflow's time zone; v1 keeps the item and writes UTC ISO text.
 */
import type { NodeConverter, NodeScope } from '../scope';
import { plainFieldPath } from '../expressions';
import { flag, number, record, text, type Params } from '../params';
import { momentToLuxon } from './moment-format';

/** `field` or `date` settings for an n8n date parameter. */
function dateSource(scope: NodeScope, raw: unknown, key: 'field' | 'endField', n8nName: string): Record<string, unknown> {
  const path = plainFieldPath(raw);
  if (path) return { [key]: path };
  const valueKey = key === 'field' ? 'date' : 'endDate';
  if (raw === undefined || raw === '') {
    scope.notConverted(n8nName, 'is empty; enter the date field');
    return {};
  }
  return { [valueKey]: scope.value(raw, n8nName) };
}

function zoneOf(scope: NodeScope, timezone: string | undefined): string {
  if (!timezone)
    scope.review('timezone', "n8n used the server's time zone; dates are read and written in UTC here. Set the time zone in the step.");
  return timezone ?? 'UTC';
}

const V2_PARTS: Record<string, string> = {
  year: 'year',
  month: 'month',
  week: 'weekNumber',
  day: 'day',
  hour: 'hour',
  minute: 'minute',
  second: 'second',
};

function v2(scope: NodeScope, timezone: string | undefined): Record<string, unknown> {
  const p = scope.params;
  const operation = text(p, 'operation', 'getCurrentDate');
  const options = record(p, 'options');
  const keepFields = options.includeInputFields === true;
  const out = (fallback: string) => text(p, 'outputFieldName', fallback);
  const common = { keepFields, fullDates: true, ifNotDate: 'fail' };
  switch (operation) {
    case 'getCurrentDate': {
      scope.ignoredOptions(options, ['timezone', 'includeInputFields']);
      const zone = text(options, 'timezone') || zoneOf(scope, timezone);
      return { ...common, operation: 'now', withTime: flag(p, 'includeTime', true), output: out('currentDate'), zone };
    }
    case 'addToDate':
    case 'subtractFromDate':
      scope.ignoredOptions(options, ['includeInputFields']);
      return {
        ...common,
        ...dateSource(scope, p.magnitude, 'field', 'magnitude'),
        operation: operation === 'addToDate' ? 'add' : 'subtract',
        amount: typeof p.duration === 'string' ? scope.value(p.duration, 'duration') : number(p, 'duration', 0),
        unit: text(p, 'timeUnit', 'days'),
        output: out('newDate'),
        zone: zoneOf(scope, timezone),
      };
    case 'formatDate': {
      scope.ignoredOptions(options, ['includeInputFields', 'fromFormat', 'timezone']);
      const format = text(p, 'format', 'MM/dd/yyyy');
      return {
        ...common,
        ...dateSource(scope, p.date, 'field', 'date'),
        operation: 'format',
        ifNotDate: 'empty',
        format: format === 'custom' ? text(p, 'customFormat') : format,
        output: out('formattedDate'),
        // Without "Use Workflow Timezone" n8n reads and writes the date in UTC.
        zone: options.timezone === true ? zoneOf(scope, timezone) : 'UTC',
        inputFormat: text(options, 'fromFormat'),
      };
    }
    case 'roundDate': {
      scope.ignoredOptions(options, ['includeInputFields']);
      const up = text(p, 'mode', 'roundDown') === 'roundUp';
      return {
        ...common,
        ...dateSource(scope, p.date, 'field', 'date'),
        operation: 'round',
        roundUp: up,
        roundTo: up ? text(p, 'to', 'month') : text(p, 'toNearest', 'month'),
        output: out('roundedDate'),
        zone: zoneOf(scope, timezone),
      };
    }
    case 'getTimeBetweenDates': {
      scope.ignoredOptions(options, ['includeInputFields', 'isoString']);
      const units = Array.isArray(p.units) ? p.units.map(String) : ['day'];
      return {
        ...common,
        ...dateSource(scope, p.startDate, 'field', 'startDate'),
        ...dateSource(scope, p.endDate, 'endField', 'endDate'),
        operation: 'difference',
        differenceAs: options.isoString === true ? 'iso' : 'parts',
        // Luxon splits largest unit first whatever the order chosen; so do we.
        parts: units.join(', '),
        output: out('timeDifference'),
        zone: zoneOf(scope, timezone),
      };
    }
    case 'extractDate': {
      scope.ignoredOptions(options, ['includeInputFields']);
      return {
        ...common,
        ...dateSource(scope, p.date, 'field', 'date'),
        operation: 'part',
        part: V2_PARTS[text(p, 'part', 'month')] ?? 'month',
        output: out('datePart'),
        zone: zoneOf(scope, timezone),
      };
    }
    default:
      scope.notConverted('operation', `the operation "${operation}" is not known; choose what the step does`);
      return { ...common, operation: 'now', output: 'date' };
  }
}

function v1Format(scope: NodeScope, p: Params, timezone: string | undefined): Record<string, unknown> {
  const options = record(p, 'options');
  scope.ignoredOptions(options, ['fromFormat', 'fromTimezone', 'toTimezone']);
  const from = text(options, 'fromTimezone');
  const to = text(options, 'toTimezone');
  let zone: string;
  if (from || to) {
    zone = to || zoneOf(scope, timezone);
    if (from && from !== zone)
      scope.review('options.fromTimezone', `dates without an offset were read in ${from} in n8n; here they are read in ${zone}`);
  } else {
    scope.review('options', "n8n read and wrote the date in the server's time zone; here it is UTC");
    zone = 'UTC';
  }
  const complain = (field: string) => (token: string) =>
    scope.review(field, `the format letter "${token}" has no exact equivalent here; check the result`);
  return {
    ...dateSource(scope, p.value, 'field', 'value'),
    operation: 'format',
    zone,
    format: momentToLuxon(text(p, 'toFormat', 'MM/DD/YYYY'), complain('toFormat')),
    inputFormat: momentToLuxon(text(options, 'fromFormat'), complain('options.fromFormat')),
    output: text(p, 'dataPropertyName', 'data'),
  };
}

function v1Calculate(scope: NodeScope, p: Params): Record<string, unknown> {
  const options = record(p, 'options');
  scope.ignoredOptions(options, ['fromFormat']);
  return {
    ...dateSource(scope, p.value, 'field', 'value'),
    operation: text(p, 'operation', 'add') === 'subtract' ? 'subtract' : 'add',
    amount: typeof p.duration === 'string' ? scope.value(p.duration, 'duration') : number(p, 'duration', 0),
    unit: text(p, 'timeUnit', 'days'),
    output: text(p, 'dataPropertyName', 'data'),
    fullDates: true,
    // n8n wrote moment's toISOString(): always UTC with a Z.
    zone: 'UTC',
    inputFormat: momentToLuxon(text(options, 'fromFormat'), (token) =>
      scope.review('options.fromFormat', `the format letter "${token}" has no exact equivalent here`),
    ),
  };
}

export function dateTime(timezone: string | undefined): NodeConverter {
  return (scope) => {
    if (scope.node.typeVersion >= 2) return { type: 'date-time', config: v2(scope, timezone) };
    const p = scope.params;
    const config = text(p, 'action', 'format') === 'calculate' ? v1Calculate(scope, p) : v1Format(scope, p, timezone);
    return { type: 'date-time', config: { ...config, keepFields: true } };
  };
}

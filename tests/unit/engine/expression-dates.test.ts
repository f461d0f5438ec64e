import { describe, expect, it } from 'vitest';
import { ExpressionError, type ExpressionScope, compileConfig, evaluateExpression } from '../../../core/expressions';

const NOW = '2024-05-01T12:34:56.789Z';

function scope(json: Record<string, unknown> = {}, now = NOW): ExpressionScope {
  return { $json: json, $index: 0, $items: [json], $node: {}, $trigger: null, $run: { id: 'r', workflowId: null }, $now: now, $vars: {} };
}

const ev = (text: string, json: Record<string, unknown> = {}, now = NOW) => evaluateExpression(text, scope(json, now));

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpressionError) return error.message;
    throw error;
  }
  throw new Error('expected an ExpressionError');
}

describe('$now and $today', () => {
  it('is the run start passed in, as ISO text wherever it leaves an expression', () => {
    expect(ev('{{ $now }}')).toBe(NOW);
    expect(ev('at {{ $now }}')).toBe(`at ${NOW}`);
    expect(ev('{{ "at " + $now }}')).toBe(`at ${NOW}`);
    expect(ev('{{ { when: $now, list: [$today] } }}')).toEqual({ when: NOW, list: ['2024-05-01T00:00:00.000Z'] });
    expect(ev('{{ $today }}')).toBe('2024-05-01T00:00:00.000Z');
  });

  it('keeps working where $now was used as text', () => {
    expect(ev('{{ $now.slice(0, 10) }}')).toBe('2024-05-01');
    expect(ev('{{ $now.length }}')).toBe(NOW.length);
    expect(ev('{{ Date.parse($now) }}')).toBe(Date.parse(NOW));
  });

  it('gives the parts of the date in UTC unless a zone is chosen', () => {
    expect(ev('{{ [$now.year, $now.month, $now.day, $now.hour, $now.weekday, $now.weekdayName] }}')).toEqual([
      2024,
      5,
      1,
      12,
      3,
      'Wednesday',
    ]);
    expect(ev('{{ $now.setZone("Asia/Tokyo").hour }}')).toBe(21);
    expect(ev('{{ $now.setZone("Pacific/Kiritimati").day }}')).toBe(2);
  });

  it('is the same for every item of a step, whatever the clock says', () => {
    const resolve = compileConfig({ a: '{{ $now.toMillis() }}', b: '{{ $today.format("yyyy-MM-dd") }}' }, { nodeId: 'n', nodeName: 'N' });
    const first = resolve(scope({ i: 1 }));
    const second = resolve(scope({ i: 2 }));
    expect(first).toEqual({ a: Date.parse(NOW), b: '2024-05-01' });
    expect(second).toEqual(first);
  });
});

describe('$date(value)', () => {
  it('reads ISO text, dates with a space, numbers of seconds or milliseconds', () => {
    expect(ev('{{ $date($json.d).year }}', { d: '2012-06-30' })).toBe(2012);
    expect(ev('{{ $date("2024-02-29 23:15:00").format("dd.MM.yyyy HH:mm") }}')).toBe('29.02.2024 23:15');
    expect(ev('{{ $date(1714566896).toISO() }}')).toBe('2024-05-01T12:34:56.000Z');
    expect(ev('{{ $date(1714566896789).toISO() }}')).toBe(NOW);
    expect(ev('{{ $date("Wed, 01 May 2024 12:34:56 GMT").hour }}')).toBe(12);
  });

  it('reads other shapes with a format', () => {
    expect(ev('{{ $date($json.d, { format: "dd/MM/yyyy" }).month }}', { d: '31/12/2024' })).toBe(12);
    expect(messageOf(() => ev('{{ $date("2024-31-12", { format: "dd/MM/yyyy" }) }}'))).toContain('does not match the format "dd/MM/yyyy"');
  });

  it('explains values that are not dates', () => {
    expect(messageOf(() => ev('{{ $date($json.d).year }}', { d: 'next tuesday' }))).toContain('"next tuesday" is not a date');
    expect(messageOf(() => ev('{{ $date($json.missing) }}'))).toContain('is empty, not a date');
    expect(messageOf(() => ev('{{ $now.setZone("Mars/Olympus") }}'))).toContain('"Mars/Olympus" is not a time zone');
    expect(messageOf(() => ev('{{ $now.plus(2) }}'))).toContain('needs a unit');
    expect(messageOf(() => ev('{{ $now.centuries }}'))).toContain('is not a part of a date');
  });

  it('adds and subtracts periods, also given as an object', () => {
    expect(ev('{{ $date("2024-01-31").plus(1, "month").toISODate() }}')).toBe('2024-02-29');
    expect(ev('{{ $date("2024-03-01").minus({ days: 1 }).toISODate() }}')).toBe('2024-02-29');
    expect(ev('{{ $today.plus(2, "weeks").format("yyyy-MM-dd") }}')).toBe('2024-05-15');
  });

  it('measures differences, with fractions, and compares dates', () => {
    expect(ev('{{ $date("2024-03-01").diff("2024-02-01", "days") }}')).toBe(29);
    expect(ev('{{ $date("2024-01-01T18:00:00Z").diff($date("2024-01-01T06:00:00Z"), "days") }}')).toBe(0.5);
    expect(ev('{{ $date("2024-01-02") > $date("2024-01-01") }}')).toBe(true);
    expect(ev('{{ $date("2024-01-02") - $date("2024-01-01") }}')).toBe(86_400_000);
    expect(ev('{{ $date("2024-01-02").isAfter("2024-01-01") && $now.hasSame("2024-05-01T23:59:00Z", "day") }}')).toBe(true);
  });
});

describe('time zones and daylight saving', () => {
  it('reads a date without offset in the zone asked for', () => {
    expect(ev('{{ $date("2024-07-01 09:00", "Europe/Berlin").toUTC().toISO() }}')).toBe('2024-07-01T07:00:00.000Z');
    expect(ev('{{ $date("2024-01-01 09:00", "Europe/Berlin").toUTC().hour }}')).toBe(8);
    expect(ev('{{ $date("2024-07-01 09:00", "UTC+2").offset }}')).toBe(120);
  });

  it('keeps the clock time when adding a day over the spring change, and counts 23 hours', () => {
    // Europe/Berlin moved from +01:00 to +02:00 at 02:00 on 2024-03-31.
    const start = '$date("2024-03-30 12:00", "Europe/Berlin")';
    expect(ev(`{{ ${start}.plus(1, "day").toISO() }}`)).toBe('2024-03-31T12:00:00.000+02:00');
    expect(ev(`{{ ${start}.plus(24, "hours").toISO() }}`)).toBe('2024-03-31T13:00:00.000+02:00');
    expect(ev(`{{ ${start}.plus(1, "day").diff(${start}, "hours") }}`)).toBe(23);
    expect(ev(`{{ ${start}.plus(1, "day").diff(${start}, "days") }}`)).toBe(1);
  });

  it('counts 25 hours on the autumn change in New York', () => {
    // America/New_York went from -04:00 to -05:00 at 02:00 on 2024-11-03.
    const day = '$date("2024-11-03", "America/New_York")';
    expect(ev(`{{ ${day}.plus(1, "day").diff(${day}, "hours") }}`)).toBe(25);
    expect(ev(`{{ [${day}.toUTC().hour, ${day}.plus(1, "day").toUTC().hour] }}`)).toEqual([4, 5]);
    expect(ev(`{{ ${day}.plus(1, "day").diff(${day}, "days") }}`)).toBe(1);
  });

  it('gives the local day of a UTC time in each zone', () => {
    const t = '$date("2024-12-31T23:30:00Z")';
    expect(
      ev(`{{ [${t}.setZone("Europe/London").year, ${t}.setZone("Europe/Paris").year, ${t}.setZone("America/Los_Angeles").day] }}`),
    ).toEqual([2024, 2025, 31]);
  });
});

describe('no clock inside expressions', () => {
  it('has no Date constructor and no way to read the machine time', () => {
    expect(messageOf(() => ev('{{ new Date() }}'))).toMatch(/new/);
    expect(messageOf(() => ev('{{ Date.now() }}'))).toBeTruthy();
    expect(messageOf(() => ev('{{ $now.dt }}'))).toContain('is not a part of a date');
    expect(messageOf(() => ev('{{ $now.constructor }}'))).toContain('object internals');
  });
});

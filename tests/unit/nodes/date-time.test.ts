import { describe, expect, it } from 'vitest';
import aggregate from '../../../nodes/aggregate';
import dateTime from '../../../nodes/date-time';
import type { Item } from '../../../nodes/types';
import { vegaCsv } from '../../helpers/vega';
import { fakeCtx, runNode } from './fake-ctx';

const run = async (config: Record<string, unknown>, items: Item[]) => (await runNode(dateTime, { config, inputs: { main: items } })).main;

async function failure(config: Record<string, unknown>, items: Item[]): Promise<string> {
  const { ctx } = fakeCtx(dateTime, { config, inputs: { main: items } });
  return dateTime.execute(ctx).then(
    () => 'no error',
    (error: Error) => error.message,
  );
}

describe('date-time', () => {
  it('sums Seattle precipitation by year with only a Date & time step and Aggregate', async () => {
    // seattle-weather.csv (vega-datasets 3.2.1): 1,461 days of 2012-2015; the sums per year
    // were checked with a one-line script that cut the year off the text.
    const days = vegaCsv('seattle-weather.csv');
    expect(days).toHaveLength(1461);
    const withYear = await run({ operation: 'part', field: 'date', part: 'year' }, days);
    const out = await runNode(aggregate, {
      config: { groupBy: 'year', calculations: [{ operation: 'sum', field: 'precipitation', outputName: 'rain' }, { operation: 'count' }] },
      inputs: { main: withYear },
    });
    const byYear = Object.fromEntries(out.main.map((row) => [row.year, [Number((row.rain as number).toFixed(1)), row.count]]));
    expect(byYear).toEqual({ 2012: [1226, 366], 2013: [828, 365], 2014: [1232.8, 365], 2015: [1139.2, 365] });
  });

  it('reads dates in the workflow’s time zone when its own zone is empty, and in its own when set', async () => {
    // 2024-03-31 01:30 UTC is 03:30 in Berlin (summer time began at 02:00 that night) and still
    // March 30th in New York: the hour and the day taken depend on the zone used.
    const items = [{ at: '2024-03-31T01:30:00Z' }];
    const inZone = async (timezone: string | undefined, zone?: string) => {
      const config = { operation: 'part', field: 'at', part: 'hour', ...(zone === undefined ? {} : { zone }) };
      return (await runNode(dateTime, { config, inputs: { main: items }, timezone })).main[0].hour;
    };
    expect(await inZone('Europe/Berlin')).toBe(3);
    expect(await inZone('America/New_York')).toBe(21);
    expect(await inZone(undefined)).toBe(1);
    expect(await inZone('Europe/Berlin', 'UTC')).toBe(1);
    expect(await inZone('UTC', 'Europe/Berlin')).toBe(3);
  });

  it('takes weekday names and months of 25 dates written as dd/MM/yyyy', async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ d: `${String(i + 1).padStart(2, '0')}/02/2024` }));
    const names = await run({ operation: 'part', field: 'd', part: 'weekdayName', inputFormat: 'dd/MM/yyyy' }, items);
    expect(names.slice(0, 3).map((i) => i.weekdayName)).toEqual(['Thursday', 'Friday', 'Saturday']);
    const months = await run({ operation: 'part', field: 'd', part: 'month', inputFormat: 'dd/MM/yyyy', output: 'm' }, items);
    expect(new Set(months.map((i) => i.m))).toEqual(new Set([2]));
    expect(months[0]).toEqual({ d: '01/02/2024', m: 2 });
  });

  it('takes the hour in the zone asked for, across the spring DST change', async () => {
    const items = [{ at: '2024-03-31T00:30:00Z' }, { at: '2024-03-31T01:30:00Z' }];
    const out = await run({ operation: 'part', field: 'at', part: 'hour', zone: 'Europe/Berlin' }, items);
    // 00:30 UTC is 01:30 in Berlin (+01:00); an hour later the clocks had jumped to +02:00.
    expect(out.map((i) => i.hour)).toEqual([1, 3]);
  });

  it('adds a day keeping dates that had no time as dates, and the clock time over DST', async () => {
    const out = await run({ operation: 'add', field: 'd', amount: 1, unit: 'days', zone: 'America/New_York', output: 'next' }, [
      { d: '2024-11-02' },
      { d: '2024-11-02 09:00' },
      { d: '2024-01-31' },
    ]);
    expect(out.map((i) => i.next)).toEqual(['2024-11-03', '2024-11-03T09:00:00.000-05:00', '2024-02-01']);
    const back = await run({ operation: 'subtract', field: 'd', amount: 1, unit: 'months' }, [{ d: '2024-03-31' }]);
    expect(back[0].d).toBe('2024-02-29');
  });

  it('measures the time between two fields, also over the autumn DST change', async () => {
    const items = [
      { from: '2024-11-03', to: '2024-11-04' },
      { from: '2024-01-10', to: '2024-01-01' },
    ];
    const hours = await run({ operation: 'difference', field: 'from', endField: 'to', unit: 'hours', zone: 'America/New_York' }, items);
    expect(hours.map((i) => i.difference)).toEqual([25, -216]);
    const days = await run({ operation: 'difference', field: 'from', endField: 'to', unit: 'days', output: 'days' }, items);
    expect(days.map((i) => i.days)).toEqual([1, -9]);
  });

  it('formats and moves dates between zones', async () => {
    const items = [{ d: '2024-07-04T18:05:00Z' }];
    expect(
      (
        await run({ operation: 'format', field: 'd', format: "EEEE d MMMM yyyy 'at' HH:mm", zone: 'Europe/Paris', output: 'text' }, items)
      )[0].text,
    ).toBe('Thursday 4 July 2024 at 20:05');
    expect((await run({ operation: 'zone', field: 'd', toZone: 'Asia/Kolkata' }, items))[0].d).toBe('2024-07-04T23:35:00.000+05:30');
  });

  it('says which item and value is not a date, or leaves the result empty when asked', async () => {
    const items = [{ d: '2024-01-01' }, { d: 'soon' }];
    expect(await failure({ field: 'd' }, items)).toMatch(/^Item 2, field "d": "soon" is not a date/);
    expect(await failure({ field: 'd', zone: 'Moon/Base' }, items)).toContain('"Moon/Base" is not a time zone');
    expect(await failure({ field: 'd', inputFormat: 'dd/MM/yyyy' }, items)).toContain('does not match the format "dd/MM/yyyy"');
    const out = await run({ field: 'd', ifNotDate: 'empty' }, items);
    expect(out.map((i) => i.year)).toEqual([2024, null]);
    const kept = await run({ field: 'd', ifNotDate: 'keep' }, items);
    expect(kept[1]).toBe(items[1]);
  });

  it('rounds down to the start of the day and up to the start of the next month, in the zone asked for', async () => {
    const items = [{ at: '2024-03-15T23:30:00Z' }, { at: '2024-12-31' }];
    const down = await run({ operation: 'round', field: 'at', roundTo: 'day', zone: 'Europe/Berlin', output: 'r' }, items);
    expect(down.map((i) => i.r)).toEqual(['2024-03-16T00:00:00.000+01:00', '2024-12-31']);
    const up = await run({ operation: 'round', field: 'at', roundTo: 'month', roundUp: true, fullDates: true, output: 'r' }, items);
    expect(up.map((i) => i.r)).toEqual(['2024-04-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
  });

  it('gives today at midnight in the zone asked for, and only the result when other fields are not kept', async () => {
    const [today] = await run({ operation: 'now', withTime: false, zone: 'Asia/Tokyo', keepFields: false }, [{ a: 1 }]);
    expect(Object.keys(today)).toEqual(['now']);
    expect(today.now).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000\+09:00$/);
  });

  it('splits the time between two dates into parts, or ISO text', async () => {
    const items = [{ from: '2024-03-15T10:00:00Z', to: '2024-03-18T16:30:00Z' }];
    const parts = await run({ operation: 'difference', field: 'from', endField: 'to', differenceAs: 'parts', parts: 'days, hours' }, items);
    expect(parts[0].difference).toStrictEqual({ days: 3, hours: 6.5 });
    const iso = await run({ operation: 'difference', field: 'from', endField: 'to', differenceAs: 'iso', unit: 'hours' }, items);
    expect(iso[0].difference).toBe('PT78.5H');
    expect(
      await failure({ operation: 'difference', field: 'from', endField: 'to', differenceAs: 'parts', parts: 'fortnights' }, items),
    ).toContain('"fortnights" under "Parts" is not a unit');
  });

  it('reads the date from the "Date" setting instead of a field when it is given', async () => {
    const out = await run(
      { operation: 'add', date: 1682918315, amount: 1, unit: 'days', fullDates: true, keepFields: false, output: 'next' },
      [{ x: 1 }],
    );
    expect(out).toStrictEqual([{ next: '2023-05-02T05:18:35.000Z' }]);
    expect(await failure({ operation: 'add', date: 'soon', output: 'next' }, [{ x: 1 }])).toContain('Item 1, "Date": "soon" is not a date');
  });
});

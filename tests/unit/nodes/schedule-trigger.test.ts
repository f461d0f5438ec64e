import { describe, expect, it } from 'vitest';
import scheduleTrigger, { cronFor, inZone, nextFireTimes, scheduleConfig } from '../../../nodes/schedule-trigger';
import { runNode } from './fake-ctx';

const cfg = (raw: Record<string, unknown>) => scheduleConfig.parse(raw);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('schedule-trigger settings', () => {
  it('turns the simple choices into cron expressions', () => {
    expect(cronFor(cfg({ every: 'minutes', interval: 15 }))).toBe('*/15 * * * *');
    expect(cronFor(cfg({ every: 'minutes', interval: 1 }))).toBe('* * * * *');
    expect(cronFor(cfg({ every: 'hours', interval: 2, minute: 30 }))).toBe('30 */2 * * *');
    expect(cronFor(cfg({ every: 'hours', interval: 1 }))).toBe('0 * * * *');
    expect(cronFor(cfg({ every: 'day', time: '07:05' }))).toBe('5 7 * * *');
    expect(cronFor(cfg({ every: 'week', weekday: 'friday', time: '18:30' }))).toBe('30 18 * * 5');
    expect(cronFor(cfg({ mode: 'cron', cron: ' 0 9 * * 1-5 ' }))).toBe('0 9 * * 1-5');
  });

  it('defaults to every day at 09:00 on the workflow’s clock (UTC when it has none)', () => {
    const parsed = cfg({});
    expect(cronFor(parsed)).toBe('0 9 * * *');
    expect(parsed.timezone).toBe('');
    const from = new Date('2025-01-10T00:00:00Z');
    expect(iso(nextFireTimes(parsed, from, 1))).toEqual(['2025-01-10T09:00:00.000Z']);
    expect(iso(nextFireTimes(inZone(parsed, 'Europe/Berlin'), from, 1))).toEqual(['2025-01-10T08:00:00.000Z']);
    expect(inZone(cfg({ timezone: 'Asia/Tokyo' }), 'Europe/Berlin').timezone).toBe('Asia/Tokyo');
  });

  it('gives the next fire times strictly after "from"', () => {
    const from = new Date('2025-03-10T10:07:00Z');
    expect(iso(nextFireTimes(cfg({ every: 'minutes', interval: 15 }), from, 3))).toEqual([
      '2025-03-10T10:15:00.000Z',
      '2025-03-10T10:30:00.000Z',
      '2025-03-10T10:45:00.000Z',
    ]);
    expect(iso(nextFireTimes(cfg({ every: 'minutes', interval: 15 }), new Date('2025-03-10T10:15:00Z'), 1))).toEqual([
      '2025-03-10T10:30:00.000Z',
    ]);
  });

  it('reads times on the clock of the chosen time zone, across daylight saving', () => {
    const daily = cfg({ every: 'day', time: '09:00', timezone: 'Europe/Berlin' });
    // Berlin moves from UTC+1 to UTC+2 on 2025-03-30.
    expect(iso(nextFireTimes(daily, new Date('2025-03-28T12:00:00Z'), 3))).toEqual([
      '2025-03-29T08:00:00.000Z',
      '2025-03-30T07:00:00.000Z',
      '2025-03-31T07:00:00.000Z',
    ]);
  });

  it('takes weekly times on the chosen day', () => {
    const weekly = cfg({ every: 'week', weekday: 'monday', time: '08:15', timezone: 'America/New_York' });
    // 2025-01-06 is a Monday; New York is UTC-5 in January.
    expect(iso(nextFireTimes(weekly, new Date('2025-01-01T00:00:00Z'), 2))).toEqual([
      '2025-01-06T13:15:00.000Z',
      '2025-01-13T13:15:00.000Z',
    ]);
  });

  it('accepts a seconds field in cron mode', () => {
    const everySecond = cfg({ mode: 'cron', cron: '*/1 * * * * *' });
    expect(iso(nextFireTimes(everySecond, new Date('2025-01-01T00:00:00.400Z'), 2))).toEqual([
      '2025-01-01T00:00:01.000Z',
      '2025-01-01T00:00:02.000Z',
    ]);
  });

  it('refuses a broken cron expression, an unknown time zone and a bad time, in plain words on the field', () => {
    const issues = (raw: Record<string, unknown>) => scheduleConfig.safeParse(raw).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ mode: 'cron', cron: 'every monday' })).toEqual([
      ['cron', expect.stringContaining('"every monday" is not a cron expression')],
    ]);
    expect(issues({ mode: 'cron', cron: '0 0 30 2 *' })).toEqual([['cron', expect.stringContaining('never comes up')]]);
    expect(issues({ timezone: 'Mars/Olympus' })).toEqual([
      ['timezone', '"Mars/Olympus" is not a time zone. Use a name like Europe/Berlin or UTC.'],
    ]);
    expect(issues({ every: 'day', time: '25:00' })).toEqual([['time', 'Enter a time like 09:30 (24-hour clock).']]);
    expect(issues({ every: 'hours', interval: 30 })).toEqual([['interval', 'Every few hours: enter 1 to 23.']]);
  });

  it('ignores the cron field while the simple choices are used', () => {
    expect(scheduleConfig.safeParse({ mode: 'simple', cron: 'nonsense' }).success).toBe(true);
  });
});

describe('schedule-trigger node', () => {
  it('emits the schedule event as one item', async () => {
    const payload = { scheduledAt: '2025-01-01T09:00:00.000Z', timezone: 'UTC', late: false };
    expect(await runNode(scheduleTrigger, { trigger: { kind: 'schedule', payload } })).toEqual({ main: [payload] });
  });

  it('emits a "manual" item when started by hand', async () => {
    const out = await runNode(scheduleTrigger, { trigger: { kind: 'manual', payload: undefined } });
    expect(out.main).toEqual([{ firedAt: expect.any(String), timezone: 'UTC', manual: true }]);
  });
});

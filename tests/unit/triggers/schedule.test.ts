import { describe, expect, it } from 'vitest';
import { scheduleConfig } from '../../../nodes/schedule-trigger';
import { latestDue, schedulePayload, SCHEDULE_GRACE_MS } from '../../../server/triggers/schedule';

const every15 = scheduleConfig.parse({ every: 'minutes', interval: 15 });
const at = (s: string) => new Date(s);

describe('which schedule time is due', () => {
  it('is nothing before the next time comes', () => {
    expect(latestDue(every15, at('2025-01-01T10:00:00Z'), at('2025-01-01T10:14:59Z'))).toBeNull();
  });

  it('is the time that just came', () => {
    expect(latestDue(every15, at('2025-01-01T10:00:00Z'), at('2025-01-01T10:15:00.020Z'))).toEqual(at('2025-01-01T10:15:00Z'));
  });

  it('is only the latest of several missed times: a downtime fires once', () => {
    expect(latestDue(every15, at('2025-01-01T10:00:00Z'), at('2025-01-01T10:50:00Z'))).toEqual(at('2025-01-01T10:45:00Z'));
  });

  it('drops times missed longer ago than the grace period', () => {
    const daily = scheduleConfig.parse({ every: 'day', time: '09:00' });
    expect(latestDue(daily, at('2025-01-01T09:00:00Z'), at('2025-01-02T09:59:00Z'))).toEqual(at('2025-01-02T09:00:00Z'));
    expect(latestDue(daily, at('2025-01-01T09:00:00Z'), at('2025-01-02T11:00:00Z'))).toBeNull();
    expect(SCHEDULE_GRACE_MS).toBe(3_600_000);
  });

  it('copes with a schedule every second over the whole grace period', () => {
    const everySecond = scheduleConfig.parse({ mode: 'cron', cron: '* * * * * *' });
    expect(latestDue(everySecond, at('2025-01-01T00:00:00Z'), at('2025-01-01T05:00:00.500Z'))).toEqual(at('2025-01-01T05:00:00Z'));
  });
});

describe('what a schedule fire emits', () => {
  it('gives the planned time, the local clock reading and the weekday', () => {
    const cfg = scheduleConfig.parse({ every: 'day', time: '09:00', timezone: 'Europe/Berlin' });
    expect(schedulePayload(cfg, at('2025-03-31T07:00:00Z'), at('2025-03-31T07:00:00.004Z'), false)).toEqual({
      scheduledAt: '2025-03-31T07:00:00.000Z',
      firedAt: '2025-03-31T07:00:00.004Z',
      timezone: 'Europe/Berlin',
      localTime: '2025-03-31 09:00:00',
      weekday: 'Monday',
      late: false,
    });
  });
});

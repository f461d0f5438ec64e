/**
 * The first design's `schedule_str` ("every 1 hour", "every day at 07:00", "every monday at
 * 9:30", a cron line) as the Schedule step's settings, or a plain reason it can't be read.
 */
import { WEEKDAYS } from '../../../nodes/schedule-trigger';

type ScheduleConfig = Record<string, unknown>;

const UNITS: Record<string, 'minutes' | 'hours' | 'days' | 'weeks'> = {
  minute: 'minutes',
  minutes: 'minutes',
  min: 'minutes',
  mins: 'minutes',
  hour: 'hours',
  hours: 'hours',
  h: 'hours',
  day: 'days',
  days: 'days',
  week: 'weeks',
  weeks: 'weeks',
};

const CRON = /^(\S+\s+){4}\S+$/;

function clock(text: string | undefined): string | null {
  if (!text) return '00:00';
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (m[3]) hour = (hour % 12) + (m[3].toLowerCase() === 'pm' ? 12 : 0);
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Settings for the Schedule step, or the reason the text is not understood. */
export function scheduleFromText(text: string, timezone = 'UTC'): { config: ScheduleConfig } | { problem: string } {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const base = { timezone };
  if (CRON.test(s) && !s.startsWith('every')) return { config: { ...base, mode: 'cron', cron: s } };
  const weekday = /^every (sunday|monday|tuesday|wednesday|thursday|friday|saturday)(?: at (.+))?$/.exec(s);
  if (weekday) {
    const time = clock(weekday[2]);
    if (time) return { config: { ...base, mode: 'simple', every: 'week', weekday: weekday[1] as (typeof WEEKDAYS)[number], time } };
  }
  const m = /^every (?:(\d+) )?([a-z]+)(?: at (.+))?$/.exec(s);
  const unit = m ? UNITS[m[2]] : undefined;
  if (m && unit) {
    const n = m[1] === undefined ? 1 : Number(m[1]);
    const time = clock(m[3]);
    if (n >= 1 && time) {
      if (unit === 'minutes' && !m[3] && n <= 59) return { config: { ...base, mode: 'simple', every: 'minutes', interval: n } };
      if (unit === 'hours' && !m[3] && n <= 59) return { config: { ...base, mode: 'simple', every: 'hours', interval: n, minute: 0 } };
      if (unit === 'days' && n === 1) return { config: { ...base, mode: 'simple', every: 'day', time } };
      const [hour, minute] = time.split(':').map(Number);
      if (unit === 'days' && n <= 31) return { config: { ...base, mode: 'cron', cron: `${minute} ${hour} */${n} * *` } };
      if (unit === 'weeks' && n === 1) return { config: { ...base, mode: 'simple', every: 'week', weekday: 'monday', time } };
    }
  }
  return {
    problem: `The schedule "${text}" is not understood. Write it like "every 15 minutes", "every 2 hours", "every day at 07:00", "every monday at 09:30", or as a cron line like "0 7 * * *".`,
  };
}

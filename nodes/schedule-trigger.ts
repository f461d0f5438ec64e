/**
 * Starts the workflow at set times. The timing itself lives in the trigger host
 * (server/triggers/schedule.ts); this file holds the settings, how they become a cron
 * expression, and the next fire times the form shows.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { isTimeZoneName } from '../core/document';
import { itemsFromPayload } from './lib/trigger-items';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const TIME_FORMAT = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export const scheduleConfig = z
  .object({
    mode: field(z.enum(['simple', 'cron']).default('simple'), {
      label: 'How to set the times',
      widget: 'select',
      optionLabels: { simple: 'Choose from a list', cron: 'Cron expression (advanced)' },
    }),
    every: field(z.enum(['minutes', 'hours', 'day', 'week']).default('day'), {
      label: 'Repeat',
      widget: 'select',
      // The form shows only the settings of the chosen kind of timing (the others keep their values).
      showWhen: { mode: ['simple'] },
      optionLabels: { minutes: 'Every few minutes', hours: 'Every few hours', day: 'Every day', week: 'Every week' },
    }),
    interval: field(
      z.coerce
        .number({ error: 'Enter a whole number.' })
        .int('Enter a whole number.')
        .min(1, 'Enter at least 1.')
        .max(59, 'Enter at most 59.')
        .default(15),
      {
        label: 'Every how many minutes or hours',
        help: 'Counted from the start of each hour (minutes) or day (hours): every 15 minutes runs at :00, :15, :30 and :45.',
        widget: 'number',
        expressions: false,
        showWhen: { mode: ['simple'], every: ['minutes', 'hours'] },
      },
    ),
    minute: field(
      z.coerce
        .number({ error: 'Enter a whole number.' })
        .int('Enter a whole number.')
        .min(0, 'Enter 0 to 59.')
        .max(59, 'Enter 0 to 59.')
        .default(0),
      {
        label: 'At minute',
        help: 'Minute of the hour, 0 to 59.',
        widget: 'number',
        expressions: false,
        showWhen: { mode: ['simple'], every: ['hours'] },
      },
    ),
    time: field(z.string().trim().regex(TIME_FORMAT, 'Enter a time like 09:30 (24-hour clock).').default('09:00'), {
      label: 'At time',
      help: 'On the 24-hour clock, like 07:00 or 18:30.',
      placeholder: '09:30',
      expressions: false,
      showWhen: { mode: ['simple'], every: ['day', 'week'] },
    }),
    weekday: field(z.enum(WEEKDAYS).default('monday'), {
      label: 'On day',
      widget: 'select',
      showWhen: { mode: ['simple'], every: ['week'] },
      optionLabels: {
        sunday: 'Sunday',
        monday: 'Monday',
        tuesday: 'Tuesday',
        wednesday: 'Wednesday',
        thursday: 'Thursday',
        friday: 'Friday',
        saturday: 'Saturday',
      },
    }),
    cron: field(z.string().trim().default('0 9 * * 1-5'), {
      label: 'Cron expression',
      help: 'minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5" = 9:00 on weekdays. An optional sixth field in front sets seconds.',
      placeholder: '0 9 * * 1-5',
      expressions: false,
      showWhen: { mode: ['cron'] },
    }),
    timezone: field(z.string().trim().default(''), {
      label: 'Time zone',
      help: 'The clock the times are read on, like Europe/Berlin or America/New_York. Empty: the workflow’s time zone (Workflow details), else UTC.',
      placeholder: 'the workflow’s time zone',
      expressions: false,
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.timezone && !isTimeZoneName(cfg.timezone)) {
      ctx.addIssue({
        code: 'custom',
        path: ['timezone'],
        message: `"${cfg.timezone}" is not a time zone. Use a name like Europe/Berlin or UTC.`,
      });
      return;
    }
    if (cfg.mode === 'simple' && cfg.every === 'hours' && cfg.interval > 23) {
      ctx.addIssue({ code: 'custom', path: ['interval'], message: 'Every few hours: enter 1 to 23.' });
      return;
    }
    // A bad time is reported on its own field already (refinements run after such issues too).
    if (cfg.mode === 'simple' && !TIME_FORMAT.test(cfg.time)) return;
    const problem = cronProblem(cronFor(cfg), cfg.timezone || 'UTC');
    if (problem) ctx.addIssue({ code: 'custom', path: [cfg.mode === 'cron' ? 'cron' : 'every'], message: problem });
  });
export type ScheduleConfig = z.output<typeof scheduleConfig>;

/**
 * The config read on the clock of `zone` when it names no time zone of its own: a schedule
 * follows its workflow's time zone, as in n8n. Call before computing times.
 */
export function inZone(cfg: ScheduleConfig, zone: string): ScheduleConfig {
  return cfg.timezone ? cfg : { ...cfg, timezone: zone };
}

function cronJob(expression: string, timezone: string): Cron {
  // Five fields, or six with seconds in front; paused: this object only computes times.
  return new Cron(expression, { timezone: timezone || 'UTC', paused: true, mode: '5-or-6-parts' });
}

function cronProblem(expression: string, timezone: string): string | null {
  try {
    if (!cronJob(expression, timezone).nextRun()) return `"${expression}" never comes up: check the day and month.`;
    return null;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^CronPattern: /, '') : String(err);
    return `"${expression}" is not a cron expression the scheduler understands (${detail}).`;
  }
}

/** The cron expression a schedule config stands for (simple choices are converted). */
export function cronFor(cfg: ScheduleConfig): string {
  if (cfg.mode === 'cron') return cfg.cron;
  const [hour, minute] = cfg.time.split(':').map(Number);
  switch (cfg.every) {
    case 'minutes':
      return cfg.interval === 1 ? '* * * * *' : `*/${cfg.interval} * * * *`;
    case 'hours':
      return `${cfg.minute} ${cfg.interval === 1 ? '*' : `*/${cfg.interval}`} * * *`;
    case 'day':
      return `${minute} ${hour} * * *`;
    case 'week':
      return `${minute} ${hour} * * ${WEEKDAYS.indexOf(cfg.weekday)}`;
  }
}

/** The next `count` fire times strictly after `from`, for the form and the trigger host. */
export function nextFireTimes(cfg: ScheduleConfig, from: Date, count: number): Date[] {
  return cronJob(cronFor(cfg), cfg.timezone).nextRuns(count, from);
}

/** The latest fire time at or before `at`, or null. */
export function lastFireTimeAtOrBefore(cfg: ScheduleConfig, at: Date): Date | null {
  // croner counts a run earlier in the same second as the reference: 1 ms later includes `at` itself.
  return cronJob(cronFor(cfg), cfg.timezone).previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
}

export default defineNode({
  id: 'schedule-trigger',
  version: 1,
  category: 'trigger',
  group: 'Triggers',
  displayName: 'Schedule',
  description: 'Starts the workflow at set times (every few minutes, daily, weekly…) while it is turned on.',
  icon: 'schedule',
  config: scheduleConfig,
  inputs: [],
  outputs: [MAIN],
  example: { mode: 'simple', every: 'day', time: '09:00', timezone: 'UTC' },
  async execute(ctx) {
    // Started by hand (Run in the editor): show what a scheduled start would carry.
    const payload =
      ctx.trigger?.kind === 'schedule'
        ? ctx.trigger.payload
        : { firedAt: new Date().toISOString(), timezone: ctx.config.timezone || ctx.timezone || 'UTC', manual: true };
    return { outputs: { main: itemsFromPayload(payload) } };
  },
});

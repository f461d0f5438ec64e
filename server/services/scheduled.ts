/**
 * Every automatic trigger (schedule, API poll, database rows, file watch) of every workflow:
 * what it waits for in words, its next fire times, and the last run it started. Read from the
 * workflows' current documents; the Scheduled page and the dashboard show it.
 */
import type { Sql } from 'postgres';
import { cronFor, inZone, nextFireTimes, scheduleConfig } from '../../nodes/schedule-trigger';
import { workflowZone } from '../config-zone';
import { currentWorkflows, lastRunsOfTriggers, type CurrentWorkflow, type TriggerLastRun } from '../db/dashboard';

export const AUTOMATIC_TRIGGERS = ['schedule-trigger', 'poll-trigger', 'postgres-trigger', 'file-trigger'] as const;

export interface ScheduledTrigger {
  workflowId: string;
  workflowName: string;
  /** The workflow is on: its triggers fire. */
  active: boolean;
  nodeId: string;
  stepName: string;
  type: (typeof AUTOMATIC_TRIGGERS)[number];
  /** What it waits for, in words: "Every day at 09:00 (UTC)", "Checks every 60 seconds". */
  when: string;
  /** The next fire times (schedules only; empty when off or not a schedule). */
  nextTimes: Date[];
  lastRun: TriggerLastRun | null;
}

function describe(type: string, config: Record<string, unknown>, workflowClock: string): string {
  if (type === 'schedule-trigger') {
    const parsed = scheduleConfig.safeParse(config);
    if (!parsed.success) return 'A schedule with a problem in its settings';
    const c = inZone(parsed.data, workflowClock);
    const zone = ` (${c.timezone})`;
    if (c.mode === 'cron') return `By the timetable "${cronFor(c)}"${zone}`;
    if (c.every === 'minutes') return `Every ${c.interval} minute${c.interval === 1 ? '' : 's'}`;
    if (c.every === 'hours') return `Every ${c.interval} hour${c.interval === 1 ? '' : 's'}, at minute ${c.minute}`;
    if (c.every === 'day') return `Every day at ${c.time}${zone}`;
    return `Every ${c.weekday.charAt(0).toUpperCase()}${c.weekday.slice(1)} at ${c.time}${zone}`;
  }
  const seconds = Number(config.intervalSeconds);
  if (type === 'poll-trigger')
    return `Checks ${String(config.url ?? 'an address')} every ${Number.isFinite(seconds) ? seconds : 60} seconds`;
  if (type === 'postgres-trigger') {
    return config.mode === 'notify'
      ? 'When the database sends a notification'
      : `New rows in "${String(config.table ?? '')}", checked every ${Number.isFinite(seconds) ? seconds : 10} seconds`;
  }
  return `Files in "${String(config.folder ?? '')}" (${String(config.pattern ?? '**/*')})`;
}

function triggersOf(wf: CurrentWorkflow, now: Date, count: number): Omit<ScheduledTrigger, 'lastRun'>[] {
  return wf.document.nodes
    .filter(
      (n): n is typeof n & { type: ScheduledTrigger['type'] } => (AUTOMATIC_TRIGGERS as readonly string[]).includes(n.type) && !n.disabled,
    )
    .map((n) => {
      const parsed = n.type === 'schedule-trigger' ? scheduleConfig.safeParse(n.config) : null;
      return {
        workflowId: wf.id,
        workflowName: wf.name,
        active: wf.active,
        nodeId: n.id,
        stepName: n.name,
        type: n.type,
        when: describe(n.type, n.config, workflowZone(wf.document)),
        nextTimes: parsed?.success && wf.active ? nextFireTimes(inZone(parsed.data, workflowZone(wf.document)), now, count) : [],
      };
    });
}

/** Every automatic trigger, active workflows first, then by next fire time and name. */
export async function scheduledTriggers(sql: Sql, { now = new Date(), count = 3 } = {}): Promise<ScheduledTrigger[]> {
  const triggers = (await currentWorkflows(sql)).flatMap((wf) => triggersOf(wf, now, count));
  const last = await lastRunsOfTriggers(sql, triggers);
  const next = (t: { nextTimes: Date[] }) => t.nextTimes[0]?.getTime() ?? Infinity;
  return triggers
    .map((t) => ({ ...t, lastRun: last.get(`${t.workflowId}/${t.nodeId}`) ?? null }))
    .sort((a, b) => Number(b.active) - Number(a.active) || next(a) - next(b) || a.workflowName.localeCompare(b.workflowName));
}

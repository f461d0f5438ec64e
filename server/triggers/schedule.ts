/**
 * Schedule listener: fires at the times of the node's cron expression. Each fire is a row in
 * schedule_fires inserted in the run's own transaction, keyed by its time, so a time fires at
 * most once whatever the number of processes or restarts. The last fire time is remembered in
 * trigger_state: a fire missed while TaskMaster was down (within the grace period) fires once
 * at the next start, marked `late`.
 */
import { cronFor, inZone, lastFireTimeAtOrBefore, nextFireTimes, scheduleConfig, type ScheduleConfig } from '../../nodes/schedule-trigger';
import { claimScheduleFire, recordScheduleFire } from '../db/triggers';
import { settingsFingerprint } from './state';
import type { Listener, ListenerContext, ListenerType } from './types';

/** Missed fires older than this are dropped, not caught up. */
export const SCHEDULE_GRACE_MS = 60 * 60 * 1000;
/** Longest sleep between checks, so a changed system clock is noticed within a minute. */
const MAX_SLEEP_MS = 60_000;
/** Fire records are kept this long, then pruned. */
const KEEP_FIRES_DAYS = 7;

interface ScheduleState {
  fingerprint: string;
  lastFireAt: string;
}

function stateOf(raw: unknown, fingerprint: string): ScheduleState | null {
  if (!raw || typeof raw !== 'object') return null;
  const s = raw as Partial<ScheduleState>;
  if (s.fingerprint !== fingerprint || typeof s.lastFireAt !== 'string' || Number.isNaN(Date.parse(s.lastFireAt))) return null;
  return { fingerprint: s.fingerprint, lastFireAt: s.lastFireAt };
}

/**
 * The latest fire time in (after, now], or null. Times before `now - grace` don't count: after
 * a long outage a schedule fires once, not once per missed time.
 */
export function latestDue(cfg: ScheduleConfig, after: Date, now: Date, graceMs = SCHEDULE_GRACE_MS): Date | null {
  const floor = Math.max(after.getTime(), now.getTime() - graceMs);
  const latest = lastFireTimeAtOrBefore(cfg, now);
  return latest && latest.getTime() > floor ? latest : null;
}

/** What the trigger emits: the planned time, when it really fired, and the local clock reading. */
export function schedulePayload(cfg: ScheduleConfig, scheduledAt: Date, firedAt: Date, late: boolean) {
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: cfg.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(scheduledAt);
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: cfg.timezone, weekday: 'long' }).format(scheduledAt);
  return {
    scheduledAt: scheduledAt.toISOString(),
    firedAt: firedAt.toISOString(),
    timezone: cfg.timezone,
    localTime: local,
    weekday,
    late,
  };
}

function start(lc: ListenerContext<ScheduleConfig>): Listener {
  const cfg = inZone(lc.config, lc.zone);
  const fingerprint = settingsFingerprint([cronFor(cfg), cfg.timezone]);
  let state: ScheduleState | null = null;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const fire = async (at: Date, late: boolean) => {
    const next: ScheduleState = { fingerprint, lastFireAt: at.toISOString() };
    const { workflowId, nodeId } = lc;
    const runId = await lc.fireIn(async (tx) => {
      if (!(await claimScheduleFire(tx, workflowId, nodeId, at))) return null;
      return {
        payload: schedulePayload(cfg, at, new Date(), late),
        after: (tx2, id) =>
          recordScheduleFire(tx2, {
            workflowId,
            nodeId,
            at,
            runId: id,
            state: next,
            pruneBefore: new Date(at.getTime() - KEEP_FIRES_DAYS * 86_400_000),
          }),
      };
    });
    state = next;
    if (runId) lc.log(`${late ? 'started late for' : 'started a run for'} ${at.toISOString()} (${runId}).`);
  };

  const tick = async () => {
    if (lc.signal.aborted) return;
    try {
      const now = new Date();
      if (!state) {
        // First start (or new settings): begin from now, nothing to catch up.
        const stored = await lc.readState();
        state = stateOf(stored, fingerprint);
        if (!state) {
          const fresh = { fingerprint, lastFireAt: now.toISOString() };
          await lc.swapState(stored, fresh);
          state = fresh;
        }
      }
      const due = latestDue(cfg, new Date(state.lastFireAt), now);
      // Late: more than a few seconds after its time (a restart, or a busy machine).
      if (due) await fire(due, now.getTime() - due.getTime() > 5000);
    } catch (err) {
      lc.log(`could not start a run: ${(err as Error).message}. Trying again shortly.`);
    }
    if (lc.signal.aborted) return;
    const [next] = nextFireTimes(cfg, new Date(), 1);
    const wait = next ? Math.min(Math.max(next.getTime() - Date.now(), 0), MAX_SLEEP_MS) : MAX_SLEEP_MS;
    timer = setTimeout(() => (current = tick()), wait);
  };

  current = tick();
  return {
    ready: current,
    async stop() {
      clearTimeout(timer);
      await current;
    },
  };
}

export const scheduleListener: ListenerType<ScheduleConfig> = {
  nodeType: 'schedule-trigger',
  kind: 'schedule',
  config: scheduleConfig,
  start,
};

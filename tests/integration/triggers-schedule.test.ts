/**
 * Schedules through the trigger host on a real Postgres with a real worker: fires on time, one
 * host per database (advisory lock), no doubled fire even when two listeners race, a missed
 * fire caught up once after downtime, and nothing after the workflow is turned off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cronFor, scheduleConfig } from '../../nodes/schedule-trigger';
import { waitForRun } from '../../server/db/runs';
import { setWorkflowActive } from '../../server/db/workflows';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { HOST_LISTENER_TYPES, startTriggerHost, type TriggerHost } from '../../server/triggers/host';
import { settingsFingerprint } from '../../server/triggers/state';
import { createSupervisor } from '../../server/triggers/supervisor';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];
const hosts: TriggerHost[] = [];

beforeAll(async () => {
  t = await startHarness({ max: 10, worker: { concurrency: 4 } });
  ctx = t.ctx;
  api = t.api;
});

afterAll(async () => {
  for (const host of hosts) await host.stop();
  await t?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let witnesses = 0;
/**
 * An every-second schedule run by the same host: each of its runs proves the host's schedules
 * had up to that second to fire. Absence checks wait for its runs instead of a fixed time.
 */
async function witness() {
  const id = await scheduledWorkflow(`witness ${++witnesses}`, { mode: 'cron', cron: '* * * * * *' });
  await api.workflows.setActive({ id, active: true });
  return {
    /** Resolves once it has fired `n` runs. */
    fired: (n: number) => expect.poll(async () => (await counts(id)).runs, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(n),
    stop: () => api.workflows.setActive({ id, active: false }),
  };
}

async function host(): Promise<TriggerHost> {
  const h = await startTriggerHost({ ctx, databaseUrl: t.database.url, lockCheckMs: 200 });
  hosts.push(h);
  return h;
}

async function scheduledWorkflow(name: string, config: Record<string, unknown>): Promise<string> {
  //  clock ─► note
  const wf = new WorkflowBuilder(name);
  wf.connect(wf.add('schedule-trigger', config, { id: 'clock' }), wf.add('no-op', {}, { id: 'note' }));
  const { id } = await api.workflows.create({ document: wf.toDocument() });
  return id;
}

async function counts(workflowId: string) {
  const [row] = await ctx.sql`
    select (select count(*)::int from runs where workflow_id = ${workflowId} and trigger_kind = 'schedule') as runs,
           (select count(*)::int from schedule_fires where workflow_id = ${workflowId}) as fires,
           (select count(distinct fire_at)::int from schedule_fires where workflow_id = ${workflowId}) as distinct_times,
           (select count(distinct run_id)::int from schedule_fires where workflow_id = ${workflowId}) as distinct_runs`;
  return row as { runs: number; fires: number; distinct_times: number; distinct_runs: number };
}

describe('schedule trigger', () => {
  it('fires every second with one of two hosts running it, and the other takes over without doubles', async () => {
    const a = await host();
    const b = await host();
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);

    const id = await scheduledWorkflow('every second', { mode: 'cron', cron: '* * * * * *' });
    await api.workflows.setActive({ id, active: true });
    await expect.poll(async () => (await counts(id)).runs, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(2);

    const [first] = await ctx.sql`select id from runs where workflow_id = ${id} order by created_at limit 1`;
    expect(await waitForRun(ctx.sql, String(first.id), 10_000)).toBe('succeeded');
    const item = (await getRunResult(ctx.sql, String(first.id)))!.nodes.clock.output.main[0];
    expect(item).toMatchObject({ timezone: 'UTC', late: false, scheduledAt: expect.stringMatching(/\.000Z$/) });

    // The leader goes away: its lock is released and the other host takes over.
    await a.stop();
    hosts.splice(hosts.indexOf(a), 1);
    await expect.poll(() => b.isLeader(), { timeout: 60_000, interval: 50 }).toBe(true);
    const handover = (await counts(id)).runs;
    await expect.poll(async () => (await counts(id)).runs, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(handover + 2);

    const c = await counts(id);
    expect(c.fires).toBe(c.runs);
    expect(c.distinct_times).toBe(c.fires);
    expect(c.distinct_runs).toBe(c.fires);

    // Off: no more fires (a fire already under way may still land: counted from the witness's first).
    await api.workflows.setActive({ id, active: false });
    await b.settled();
    const clock = await witness();
    await clock.fired(1);
    const afterOff = (await counts(id)).runs;
    // Two more seconds of the host firing schedules.
    await clock.fired(3);
    await clock.stop();
    expect((await counts(id)).runs).toBe(afterOff);
  });

  it('starts one run per time even when two listeners race for the same schedule', async () => {
    // Two supervisors without the lock, as if two hosts both believed they led for a moment.
    const id = await scheduledWorkflow('raced', { mode: 'cron', cron: '* * * * * *' });
    await setWorkflowActive(ctx.db, id, true);
    const racers = [0, 1].map(() => createSupervisor({ ctx, types: HOST_LISTENER_TYPES, filesDir: '/tmp' }));
    try {
      await Promise.all(racers.map((r) => r.start()));
      await expect.poll(async () => (await counts(id)).runs, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    } finally {
      await Promise.all(racers.map((r) => r.stop()));
    }
    const c = await counts(id);
    expect(c.fires).toBe(c.runs);
    expect(c.distinct_times).toBe(c.fires);
    const [{ max }] = await ctx.sql`
      select max(n)::int as max from (select count(*) as n from runs where workflow_id = ${id}
      group by trigger_payload->>'scheduledAt') per_time`;
    expect(max).toBe(1);
    await setWorkflowActive(ctx.db, id, false);
  });

  it('fires a time missed during downtime once, marked late, and then keeps to the schedule', async () => {
    for (const h of hosts.splice(0)) await h.stop();
    const config = { mode: 'cron', cron: '*/1 * * * *' };
    const id = await scheduledWorkflow('missed', config);
    await setWorkflowActive(ctx.db, id, true);
    // As if the last fire was 10 minutes ago and TaskMaster was down since.
    const fingerprint = settingsFingerprint([cronFor(scheduleConfig.parse(config)), 'UTC']);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await ctx.sql`insert into trigger_state (workflow_id, node_id, state)
                  values (${id}, 'clock', ${ctx.sql.json({ fingerprint, lastFireAt: tenMinutesAgo.toISOString() })})`;

    // A fire less than 5 s after its time is on time, not late: keep the start of the host away
    // from a minute boundary so the one it catches up on is clearly late.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute < 6000 || intoMinute > 57_000) await sleep((66_000 - intoMinute) % 60_000);
    const now = new Date();
    await host();
    await expect.poll(async () => (await counts(id)).runs, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(1);
    const [run] = await ctx.sql`select trigger_payload from runs where workflow_id = ${id} order by created_at limit 1`;
    const payload = run.trigger_payload as { scheduledAt: string; late: boolean };
    expect(payload.late).toBe(true);
    const lastMinute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    expect(Date.parse(payload.scheduledAt)).toBeGreaterThanOrEqual(lastMinute.getTime());
    // Once: the nine other missed minutes are not fired one by one (they would be, at once, while
    // the witness fires twice).
    const clock = await witness();
    await clock.fired(2);
    await clock.stop();
    expect((await counts(id)).runs).toBeLessThanOrEqual(2);
  });

  it('does not catch up on times from before the workflow was turned on', async () => {
    for (const h of hosts.splice(0)) await h.stop();
    // Hourly at the minute that has just passed (UTC, the default zone): a time before it was turned
    // on that a catch-up would fire, and none due while the test runs. An every-minute schedule
    // fired, rightly, whenever a new minute began during the test (CI saw 1 run instead of 0).
    const minute = (new Date().getUTCMinutes() + 59) % 60;
    const id = await scheduledWorkflow('fresh', { mode: 'cron', cron: `${minute} * * * *` });
    await api.workflows.setActive({ id, active: true });
    await host();
    // Its listener has started (it notes when it started), and the host fired another schedule twice since.
    await expect
      .poll(async () => (await ctx.sql`select 1 from trigger_state where workflow_id = ${id}`).length, { timeout: 60_000, interval: 50 })
      .toBe(1);
    const clock = await witness();
    await clock.fired(2);
    await clock.stop();
    expect((await counts(id)).runs).toBe(0);
    const [state] = await ctx.sql`select state from trigger_state where workflow_id = ${id}`;
    expect(Date.now() - Date.parse((state.state as { lastFireAt: string }).lastFireAt)).toBeLessThan(5000);
  });

  it('fires on its workflow’s clock when the schedule names no time zone of its own', async () => {
    await host();
    //  clock ─► note, in a workflow whose time zone is Asia/Tokyo (UTC+9, no summer time)
    const wf = new WorkflowBuilder('Tokyo clock');
    wf.connect(wf.add('schedule-trigger', { mode: 'cron', cron: '* * * * * *' }, { id: 'clock' }), wf.add('no-op', {}, { id: 'note' }));
    const document = wf.toDocument();
    document.settings = { ...document.settings, timezone: 'Asia/Tokyo' };
    const { id } = await api.workflows.create({ document });
    await api.workflows.setActive({ id, active: true });
    await expect.poll(async () => (await counts(id)).runs, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    await api.workflows.setActive({ id, active: false });

    const [first] = await ctx.sql`select id from runs where workflow_id = ${id} order by created_at limit 1`;
    expect(await waitForRun(ctx.sql, String(first.id), 60_000)).toBe('succeeded');
    const item = (await getRunResult(ctx.sql, String(first.id)))!.nodes.clock.output.main[0] as {
      timezone: string;
      localTime: string;
      scheduledAt: string;
    };
    expect(item.timezone).toBe('Asia/Tokyo');
    const tokyoHour = (Number(item.scheduledAt.slice(11, 13)) + 9) % 24;
    expect(Number(item.localTime.slice(11, 13))).toBe(tokyoHour);
  });

  it('shows the next times on the workflow’s clock when the schedule names no time zone', async () => {
    // Every day at 09:00: 08:00 UTC in Berlin's winter, 07:00 in its summer; 09:00 UTC without a zone.
    const hourIn = (zone: string, iso: string) =>
      Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(iso)));
    const daily = { every: 'day', time: '09:00' };
    const berlin = await api.workflows.schedulePreview({ config: daily, timezone: 'Europe/Berlin' });
    expect(berlin.times.map((t) => hourIn('Europe/Berlin', t))).toEqual([9, 9, 9, 9, 9]);
    expect(berlin.times.map((t) => hourIn('UTC', t)).every((h) => h === 7 || h === 8)).toBe(true);
    const plain = await api.workflows.schedulePreview({ config: daily });
    expect(plain.times.map((t) => hourIn('UTC', t))).toEqual([9, 9, 9, 9, 9]);
    // Its own zone wins over the workflow's.
    const own = await api.workflows.schedulePreview({ config: { ...daily, timezone: 'UTC' }, timezone: 'Europe/Berlin' });
    expect(own.times.map((t) => hourIn('UTC', t))).toEqual([9, 9, 9, 9, 9]);
  });

  it('shows the next five fire times for the settings in the form', async () => {
    const preview = await api.workflows.schedulePreview({ config: { every: 'minutes', interval: 30 } });
    expect(preview.problem).toBeNull();
    expect(preview.times).toHaveLength(5);
    const gaps = preview.times.slice(1).map((t, i) => Date.parse(t) - Date.parse(preview.times[i]));
    expect(gaps).toEqual([1_800_000, 1_800_000, 1_800_000, 1_800_000]);
    expect(await api.workflows.schedulePreview({ config: { mode: 'cron', cron: 'soon' } })).toEqual({
      times: [],
      problem: expect.stringContaining('"soon" is not a cron expression'),
    });
  });
});

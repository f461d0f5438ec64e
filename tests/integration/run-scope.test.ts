/**
 * What expressions see of a run: `$now` is the run's start time in every step and every attempt
 * (issue 17), `$vars` the instance's variables with the workflow's own over them.
 */
import { TRPCError } from '@trpc/server';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callerAs } from '../helpers/auth';
import { waitForRun } from '../../server/db/runs';
import { createWorkflow, setWorkflowActive } from '../../server/db/workflows';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun, startWorkflowRun } from '../../server/services/runs';
import { updateSettings } from '../../server/settings/service';
import { type Harness, startHarness } from '../helpers/harness';
import { startRecorder } from '../helpers/http-recorder';

let t: Harness;
let ctx: Harness['ctx'];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 2 } });
  ctx = t.ctx;
  await updateSettings(ctx.sql, {
    variables: [
      { name: 'region', value: 'eu' },
      { name: 'base', value: 'https://api.example.com' },
    ],
  });
});

afterAll(async () => {
  await t?.stop();
});

it('gives every step and every retry of a run the time the run started as $now', async () => {
  // Fails twice, whatever the address, so each attempt's $now is recorded.
  const server = await startRecorder((_req, _count) => (server.requests.length <= 2 ? { status: 500, body: {} } : { body: { ok: true } }));
  try {
    //  t ─► stamp ─► pause (50 ms) ─► call (retried twice) ─► after
    const wf = new WorkflowBuilder('clock');
    const t = wf.add('manual-trigger', {}, { id: 't' });
    const stamp = wf.add(
      'set-fields',
      {
        fields: [
          { name: 'at', value: '{{ $now }}' },
          { name: 'year', value: '{{ $now.year }}' },
        ],
      },
      { id: 'stamp' },
    );
    const pause = wf.add('wait', { amount: 0.05, unit: 'seconds' }, { id: 'pause' });
    const call = wf.add(
      'http-request',
      { url: `${server.url}/at/{{ $now.toMillis() }}` },
      { id: 'call', settings: { retries: 2, retryBackoffMs: 30 } },
    );
    const after = wf.add('set-fields', { fields: [{ name: 'later', value: '{{ $now.toISO() }}' }] }, { id: 'after' });
    wf.connect(t, stamp).connect(stamp, pause).connect(pause, call).connect(call, after);

    const runId = await startDocumentRun(ctx, wf.toDocument());
    await waitForRun(ctx.sql, runId, 30_000);
    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.status).toBe('succeeded');
    const [{ started_at: startedAt }] = await ctx.sql<{ started_at: Date }[]>`select started_at from runs where id = ${runId}`;
    const iso = startedAt.toISOString();

    expect(result.nodes.stamp.output.main[0]).toMatchObject({ at: iso, year: startedAt.getUTCFullYear() });
    expect(result.nodes.call.attempts).toBe(3);
    expect(server.requests.map((r) => r.path)).toEqual(Array(3).fill(`/at/${startedAt.getTime()}`));
    expect(result.nodes.after.output.main[0].later).toBe(iso);
  } finally {
    await server.close();
  }
});

it("reads instance variables and the workflow's own, which win on a shared name", async () => {
  //  t ─► use
  const wf = new WorkflowBuilder('vars');
  const t = wf.add('manual-trigger', {}, { id: 't' });
  const use = wf.add(
    'set-fields',
    {
      fields: [
        { name: 'url', value: '{{ $vars.base }}/{{ $vars.region }}' },
        { name: 'team', value: '{{ $vars["team"] }}' },
        { name: 'missing', value: '{{ $vars.nothing ?? "none" }}' },
      ],
    },
    { id: 'use' },
  );
  wf.connect(t, use);
  const doc = {
    ...wf.toDocument(),
    variables: [
      { name: 'region', value: 'us' },
      { name: 'team', value: 'ops' },
    ],
  };

  const runId = await startDocumentRun(ctx, doc);
  await waitForRun(ctx.sql, runId, 30_000);
  const result = (await getRunResult(ctx.sql, runId))!;
  expect(result.status).toBe('succeeded');
  expect(result.nodes.use.output.main[0]).toMatchObject({ url: 'https://api.example.com/us', team: 'ops', missing: 'none' });
});

it('gives expressions the workflow as n8n does: $workflow.id, .name and .active', async () => {
  //  t ─► who
  const wf = new WorkflowBuilder('Nightly report');
  const t = wf.add('manual-trigger', {}, { id: 't' });
  const who = wf.add(
    'set-fields',
    {
      fields: [
        { name: 'id', value: '{{ $workflow.id }}' },
        { name: 'name', value: '{{ $workflow.name }}' },
        { name: 'on', value: '{{ $workflow.active ? "yes" : "no" }}' },
      ],
    },
    { id: 'who' },
  );
  wf.connect(t, who);
  const saved = await createWorkflow(ctx.db, wf.toDocument());
  const runOnce = async () => {
    const runId = await startWorkflowRun(ctx, saved.id);
    await waitForRun(ctx.sql, runId, 30_000);
    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.status).toBe('succeeded');
    return result.nodes.who.output.main[0];
  };
  expect(await runOnce()).toMatchObject({ id: saved.id, name: 'Nightly report', on: 'no' });
  await setWorkflowActive(ctx.db, saved.id, true);
  try {
    expect(await runOnce()).toMatchObject({ id: saved.id, name: 'Nightly report', on: 'yes' });
  } finally {
    await setWorkflowActive(ctx.db, saved.id, false);
  }
});

it("gives $now, $today and $date the workflow's time zone, and refuses one that is not a zone", async () => {
  //  t ─► stamp
  const wf = new WorkflowBuilder('Tokyo report');
  const t = wf.add('manual-trigger', {}, { id: 't' });
  const stamp = wf.add(
    'set-fields',
    {
      fields: [
        { name: 'now', value: '{{ $now.toISO() }}' },
        { name: 'today', value: '{{ $today.toISO() }}' },
        { name: 'local', value: '{{ $date("2024-05-01 09:00").toISO() }}' },
      ],
    },
    { id: 'stamp' },
  );
  wf.connect(t, stamp);
  const doc = wf.toDocument();
  const runId = await startDocumentRun(ctx, { ...doc, settings: { ...doc.settings, timezone: 'Asia/Tokyo' } });
  await waitForRun(ctx.sql, runId, 30_000);
  const result = (await getRunResult(ctx.sql, runId))!;
  expect(result.status).toBe('succeeded');
  const [{ started_at: startedAt }] = await ctx.sql<{ started_at: Date }[]>`select started_at from runs where id = ${runId}`;
  const tokyo = DateTime.fromJSDate(startedAt, { zone: 'Asia/Tokyo' });
  expect(result.nodes.stamp.output.main[0]).toEqual({
    now: tokyo.toISO(),
    today: tokyo.startOf('day').toISO(),
    local: '2024-05-01T09:00:00.000+09:00',
  });

  const api = await callerAs(ctx, 'owner');
  const refused = await api.workflows
    .create({ document: { ...doc, settings: { ...doc.settings, timezone: 'Mars/Olympus' } } })
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(TRPCError);
  expect((refused as TRPCError).code).toBe('BAD_REQUEST');
  expect((refused as TRPCError).message).toContain('This is not a time zone. Use a name like Europe/Berlin or UTC.');
});

/**
 * Live events of webhook runs executed in the process that accepted them go through Postgres
 * only when someone elsewhere watches (server/db/run-watch.ts): a run page or list in another
 * process still updates live, and a run nobody watches issues no NOTIFY at all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENTS_CHANNEL } from '../../core/run-events';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { callerAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let child: ChildProcess;
let base: string;
let workflowId: string;

/** Every NOTIFY on the events channel, heard by a raw LISTEN that announces no watch. */
const heard: string[] = [];

function spawnServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const root = path.resolve(__dirname, '../..');
  const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/webhook-process.ts', url], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\S+)/.exec(out);
      if (ready) resolve({ child: proc, base: ready[1] });
    });
    proc.on('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

beforeAll(async () => {
  // No worker here: every run is executed by the other process.
  t = await startHarness({ worker: false });
  await t.ctx.sql.listen(EVENTS_CHANNEL, (payload) => void heard.push(payload));
  const wf = new WorkflowBuilder('watched hook');
  const hook = wf.add('webhook-trigger', { path: 'watch-hook', method: 'POST', respond: 'whenDone' }, { id: 'hook' });
  const set = wf.add('set-fields', { fields: [{ name: 'ok', value: 'yes' }] }, { id: 'set' });
  wf.connect(hook, set);
  ({ id: workflowId } = await t.api.workflows.create({ document: wf.toDocument() }));
  await t.api.workflows.setActive({ id: workflowId, active: true });
  ({ child, base } = await spawnServer(t.database.url));
  await vi.waitFor(async () => expect((await fetch(`${base}/webhook/watch-hook`, { method: 'OPTIONS' })).status).not.toBe(404), {
    timeout: 15_000,
    interval: 50,
  });
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await t?.stop();
});

/** Posts one webhook; resolves with the id of the run it stored, once answered. */
async function runOnce(n: number): Promise<string> {
  const res = await fetch(`${base}/webhook/watch-hook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ n }),
  });
  expect(res.status).toBe(200);
  const [row] = await t.ctx.sql`select id from runs where workflow_id = ${workflowId} and trigger_payload->'body'->>'n' = ${String(n)}`;
  return String(row.id);
}

/**
 * Whether any event of the run was notified. The answer went out after the run's end and its
 * events were sent; a probe notified now arrives after all of them (one queue, commit order).
 */
async function notified(runId: string): Promise<boolean> {
  const probe = `probe ${heard.length}`;
  await t.ctx.sql`select pg_notify(${EVENTS_CHANNEL}, ${probe})`;
  await vi.waitFor(() => expect(heard).toContain(probe), { timeout: 30_000, interval: 20 });
  return heard.some((p) => p.includes(runId));
}

let n = 0;

describe('live events of runs executed by the process that accepted them', () => {
  it('reach a run list in another process that watches the workflow', async () => {
    const controller = new AbortController();
    const caller = await callerAs(t.ctx, 'owner', { signal: controller.signal });
    const iterable = await caller.runs.events({ workflowId });
    const seen = new Map<string, string[]>();
    const reading = (async () => {
      for await (const event of iterable) if (event.type === 'run') seen.set(event.runId, [...(seen.get(event.runId) ?? []), event.status]);
    })();
    // The other process hears the watch a moment after it is announced: runs until one is seen live.
    let runId = '';
    await vi.waitFor(
      async () => {
        runId = await runOnce(++n);
        await vi.waitFor(() => expect(seen.get(runId)).toContain('succeeded'), { timeout: 2_000, interval: 20 });
      },
      { timeout: 60_000, interval: 0 },
    );
    // Once it is heard, every run is: the next ones show without retrying.
    for (let i = 0; i < 3; i++) {
      const next = await runOnce(++n);
      await vi.waitFor(() => expect(seen.get(next)).toEqual(['running', 'succeeded']), { timeout: 10_000, interval: 20 });
    }
    controller.abort();
    await reading.catch(() => {});
  });

  it('notify nothing for a run nobody watches', async () => {
    // The list above stopped watching; the other process hears that a moment later.
    await vi.waitFor(async () => expect(await notified(await runOnce(++n))).toBe(false), { timeout: 60_000, interval: 0 });
    for (let i = 0; i < 5; i++) {
      const runId = await runOnce(++n);
      expect(await notified(runId)).toBe(false);
      const [run] = await t.ctx.sql`select status from runs where id = ${runId}`;
      expect(run.status).toBe('succeeded');
    }
  });

  it('reach a waiter in another process (waitForRun) through its watch', async () => {
    // A run that waits long enough for the watch to be heard before it ends.
    const wf = new WorkflowBuilder('slow hook');
    const hook = wf.add('webhook-trigger', { path: 'watch-slow', method: 'POST', respond: 'immediately' }, { id: 'hook' });
    const pause = wf.add('wait', { amount: 1, unit: 'seconds' }, { id: 'pause' });
    wf.connect(hook, pause);
    const { id } = await t.api.workflows.create({ document: wf.toDocument() });
    await t.api.workflows.setActive({ id, active: true });
    await expect
      .poll(async () => (await fetch(`${base}/webhook/watch-slow`, { method: 'OPTIONS' })).status, { timeout: 15_000, interval: 50 })
      .not.toBe(404);
    const res = await fetch(`${base}/webhook/watch-slow`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { runId } = (await res.json()) as { runId: string };
    expect(await waitForRun(t.ctx.sql, runId, 20_000)).toBe('succeeded');
    await vi.waitFor(() => expect(heard.some((p) => p.includes(runId) && p.includes('"succeeded"'))).toBe(true), {
      timeout: 10_000,
      interval: 20,
    });
  });
});

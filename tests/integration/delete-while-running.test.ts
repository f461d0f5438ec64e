/**
 * Deleting a workflow while it runs: its runs go with it, so the run still going is told to stop
 * at once instead of carrying on (and once retrying its failing writes 25 times). The worker
 * logs it in plain words and is free for the next run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];
const logs: string[] = [];

beforeAll(async () => {
  // One run at a time: the next run can only start once the deleted one let go.
  t = await startHarness({ worker: { concurrency: 1, log: (message) => logs.push(message) } });
  ctx = t.ctx;
  api = t.api;
});

afterAll(async () => {
  await t?.stop();
});

function waitingWorkflow(name: string, seconds: number) {
  const wf = new WorkflowBuilder(name);
  const start = wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
  const wait = wf.add('wait', { amount: seconds, unit: 'seconds' }, { id: 'w', name: 'Wait' });
  wf.connect(start, wait);
  return wf.toDocument();
}

it('stops the run of a workflow deleted while it runs, and the worker goes on with the next run', async () => {
  const { id } = await api.workflows.create({ document: waitingWorkflow('Slow', 600) });
  const { runId } = await api.runs.start({ workflowId: id });
  await expect.poll(async () => (await api.runs.get({ runId })).status, { timeout: 60_000, interval: 100 }).toBe('running');

  await api.workflows.delete({ id });
  await expect
    .poll(() => logs.some((line) => line.includes(`run ${runId} stopped: its workflow was deleted`)), { timeout: 60_000, interval: 100 })
    .toBe(true);
  // Its job goes too, but graphile-worker completes jobs in batches (localQueue), a moment after
  // the log line: polled, not read once.
  const jobsOfRun = async () => (await ctx.sql`select count(*)::int as n from graphile_worker._private_jobs where key = ${runId}`)[0].n;
  await expect.poll(jobsOfRun, { timeout: 30_000, interval: 50 }).toBe(0);
  expect(logs.filter((line) => line.includes('could not continue'))).toEqual([]);

  // The single slot is free again: a quick run finishes long before the deleted one's wait.
  const { id: next } = await api.workflows.create({ document: waitingWorkflow('Quick', 0) });
  const { runId: nextRun } = await api.runs.start({ workflowId: next });
  expect(await waitForRun(ctx.sql, nextRun, 60_000)).toBe('succeeded');
});

/**
 * Stopping a worker whose job queue holds a job no worker has taken yet (graphile-worker's local
 * queue in its WAITING mode: all workers busy, fetched jobs queued). graphile-worker 0.17.3
 * marks the queue released before it returns those jobs, then refuses the return ("Cannot
 * background something when the queue is already released"): the queue never finishes releasing
 * and its jobs stay locked. After a database outage this is the normal state of a queue (runs
 * wait for the database holding every worker), hence the shutdown that did not settle.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { startDocumentRun } from '../../server/services/runs';
import { startWorker } from '../../server/worker/runner';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;

beforeAll(async () => {
  t = await startHarness();
});

afterAll(async () => {
  await t?.stop();
});

function waiting(seconds: number) {
  const wf = new WorkflowBuilder('Waits');
  wf.connect(wf.add('manual-trigger', {}, { id: 't' }), wf.add('wait', { amount: seconds, unit: 'seconds' }, { id: 'w' }));
  return wf.toDocument();
}

it('returns the jobs its queue holds when it stops with every worker busy', async () => {
  const logs: string[] = [];
  // One worker: the queue fetches two jobs (its size is concurrency + 1), runs one, holds one.
  const worker = await startWorker({ databaseUrl: t.database.url, concurrency: 1, graceMs: 500, log: (m) => logs.push(m) });
  for (let i = 0; i < 3; i++) await startDocumentRun(t.ctx, waiting(30));
  const locked = async () => {
    const [row] = await t.ctx.sql`select count(*)::int as n from graphile_worker._private_jobs where locked_by is not null`;
    return row.n;
  };
  await expect.poll(locked, { timeout: 60_000, interval: 50 }).toBe(2);
  await worker.stop();
  expect(logs.filter((line) => line.includes('Cannot background') || line.includes('Releasing local queue failed'))).toEqual([]);
});

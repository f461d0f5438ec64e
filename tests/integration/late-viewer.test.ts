/**
 * A browser that opens a run after a step started must see that step running: the live
 * "running" event is sent once, so the stored run has to say it too.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { waitForRun } from '../../server/db/runs';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 2 } });
  ({ ctx, api } = t);
});

afterAll(async () => {
  await t?.stop();
});

/** Polls `read` until `done` holds; fails after `ms`. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`still not there after ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('shows a step that started before the viewer came as running, then as done', async () => {
  const wf = new WorkflowBuilder('Slow');
  wf.connect(
    wf.add('manual-trigger', {}, { id: 't', name: 'Start' }),
    wf.add('wait', { amount: 60, unit: 'seconds' }, { id: 'w', name: 'Wait' }),
  );
  const { runId } = await api.runs.start({ document: wf.toDocument() });
  // The viewer arrives late: it only reads the stored run, it never saw the event.
  const seen = await eventually(
    () => api.runs.get({ runId }),
    (run) => run.nodes.w !== undefined,
  );
  expect(seen.nodes.w).toMatchObject({ status: 'running', attempt: 1 });
  expect(seen.nodes.w.startedAt).toBeInstanceOf(Date);

  await api.runs.cancel({ runId });
  expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('cancelled');
  // Once the run ended, no step is left "running".
  const ended = await api.runs.get({ runId });
  expect(ended.nodes.w?.status).not.toBe('running');
});

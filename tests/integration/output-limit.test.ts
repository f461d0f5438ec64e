/**
 * The largest output of a step (Settings): a step that makes more fails with a message naming
 * the step and the limit, and keeps nothing; outputs of the sizes users have (100,000 items)
 * pass under the default. A real worker that follows the setting as it changes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import type { WorkflowDocumentInput } from '../../core/document';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { DEFAULT_STEP_OUTPUT_LIMIT_MB } from '../../core/settings-schema';
import { type WorkerHandle } from '../../server/worker/runner';
import { callerAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let worker: WorkerHandle;
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 1 } });
  ctx = t.ctx;
  worker = t.worker!;
  api = t.api;
});

afterAll(async () => {
  await t?.stop();
});

/** Saves the limit, then waits until the running worker has heard of it. */
async function limitTo(mb: number): Promise<void> {
  const admin = await callerAs(ctx, 'admin');
  await admin.settings.update({ stepOutputLimitMb: mb });
  await expect.poll(() => worker.settings.current().stepOutputLimitMb, { timeout: 30_000, interval: 20 }).toBe(mb);
}

/** manual ─► Code returning `count` items of `bytes` characters each. */
function making(count: number, bytes: number): WorkflowDocumentInput {
  const wf = new WorkflowBuilder(`Makes ${count}`);
  const start = wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
  const code = wf.add(
    'code',
    { code: `return Array.from({ length: ${count} }, (_, i) => ({ i, text: 'x'.repeat(${bytes}) }));`, timeoutMs: 60_000 },
    { id: 'c', name: 'Make rows' },
  );
  wf.connect(start, code);
  return wf.toDocument();
}

async function runOnce(document: WorkflowDocumentInput) {
  const { id: workflowId } = await api.workflows.create({ document });
  const { runId } = await api.runs.start({ workflowId });
  const status = await waitForRun(ctx.sql, runId, 120_000);
  return { status, step: (await api.runs.get({ runId })).nodes.c };
}

it('fails a step whose output passes the limit, naming the step and the limit, and keeps nothing', async () => {
  expect(worker.settings.current().stepOutputLimitMb).toBe(DEFAULT_STEP_OUTPUT_LIMIT_MB);
  await limitTo(5);
  try {
    // 1,001 items of 10 KB: about 10 MB.
    const { status, step } = await runOnce(making(1_001, 10_000));
    expect(status).toBe('failed');
    expect(step.status).toBe('failed');
    expect(step.error?.message).toMatch(
      /^Step "Make rows" made an output larger than 5 MB, the most one step may make \(Settings, "Largest output of a step"\)/,
    );
    expect(step.outputCounts).toEqual({});
    // 100,000 small items (about 3 MB) fit.
    const fits = await runOnce(making(100_000, 8));
    expect(fits.status).toBe('succeeded');
    expect(fits.step.outputCounts).toEqual({ main: 100_000 });
  } finally {
    await limitTo(DEFAULT_STEP_OUTPUT_LIMIT_MB);
  }
}, 300_000);

it('refuses a limit out of range with a plain message', async () => {
  const admin = await callerAs(ctx, 'admin');
  await expect(admin.settings.update({ stepOutputLimitMb: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  await expect(admin.settings.update({ stepOutputLimitMb: 0 })).rejects.toThrow(/largest output of a step must be at least 1/i);
});

/**
 * No answer to the browser grows with a step's output: a Code step returning one 30 MB item
 * once made `runs.get` as big as the item (209 MB for a 100 MB one). The preview in every run
 * answer and each page of items are capped; the stored output stays whole for the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { TOO_LARGE_KEY } from '../../server/services/answer-cap';
import { writeOutputJson } from '../../server/services/step-output';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 1 } });
  ({ ctx, api } = t);
});

afterAll(async () => {
  await t?.stop();
});

const MB = 1024 * 1024;

async function runCode(code: string): Promise<string> {
  const wf = new WorkflowBuilder('Big output');
  const start = wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
  const big = wf.add('code', { mode: 'all', code, memoryLimitMb: 512, timeoutMs: 60_000 }, { id: 'c', name: 'Make it big' });
  wf.connect(start, big);
  const { id } = await api.workflows.create({ document: wf.toDocument() });
  const { runId } = await api.runs.start({ workflowId: id });
  expect(await waitForRun(ctx.sql, runId, 120_000)).toBe('succeeded');
  return runId;
}

describe('answers stay small whatever a step outputs', () => {
  it('one 30 MB item: the run answer and its output page are small, the CLI still gets it whole', async () => {
    const runId = await runCode('return [{ text: "x".repeat(30 * 1024 * 1024) }];');

    const run = await api.runs.get({ runId });
    expect(JSON.stringify(run).length).toBeLessThan(1 * MB);
    expect(run.nodes.c.outputCounts.main).toBe(1);

    const page = await api.runs.outputPage({ runId, nodeId: 'c', offset: 0, limit: 100 });
    expect(JSON.stringify(page).length).toBeLessThan(1 * MB);
    expect(page.total).toBe(1);
    expect(page.capped).toBe(1);
    expect(page.items[0][TOO_LARGE_KEY]).toBe(
      `This item is 30.0 MB, too large to show here. Get it whole with: taskmaster run-output ${runId} c`,
    );

    let whole = '';
    await writeOutputJson(ctx.sql, runId, 'c', 'main', (text) => (whole += text));
    const items = JSON.parse(whole) as Array<{ text: string }>;
    expect(items[0].text.length).toBe(30 * MB);
  }, 180_000);

  it('25 items of 100 KB: the preview holds what fits, every item can be paged to', async () => {
    const runId = await runCode('return Array.from({ length: 25 }, (_, i) => ({ i, text: String(i).repeat(100 * 1024) }));');
    const run = await api.runs.get({ runId });
    expect(JSON.stringify(run).length).toBeLessThan(1 * MB);
    const page = await api.runs.outputPage({ runId, nodeId: 'c', offset: 20, limit: 5 });
    expect(page.capped).toBe(0);
    expect(page.items.map((item) => item.i)).toEqual([20, 21, 22, 23, 24]);
  }, 180_000);
});

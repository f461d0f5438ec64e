/**
 * Every path that reads stored step outputs back (run from here, pinned data, the inspector's
 * input view, a finished run's result), at the sizes users have: above the preview (25), above
 * one page (1,001) and large (100,000). Outputs above 20 items are stored in pages; reading
 * them back once crashed the worker and left "Run from here" waiting for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
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

/** Start → Number (adds `n2`) → Label (adds `label`). */
function numbersWorkflow() {
  const wf = new WorkflowBuilder('Numbers');
  const start = wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
  const double = wf.add('set-fields', { fields: [{ name: 'n2', value: '{{ $json.n * 2 }}' }] }, { id: 's', name: 'Double' });
  const label = wf.add('set-fields', { fields: [{ name: 'label', value: 'item {{ $json.n }}' }] }, { id: 'u', name: 'Label' });
  wf.connect(start, double);
  wf.connect(double, label);
  return wf.toDocument();
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ n: i }));
/** Long enough for 100,000 items on a loaded machine; a hang still fails. */
const RUN_TIMEOUT = 120_000;

describe.each([25, 1001, 100_000])('stored outputs of %i items', (size) => {
  let workflowId: string;
  let runId: string;

  beforeAll(async () => {
    ({ id: workflowId } = await api.workflows.create({ document: numbersWorkflow() }));
    ({ runId } = await api.runs.start({ workflowId, input: items(size) }));
    expect(await waitForRun(ctx.sql, runId, RUN_TIMEOUT)).toBe('succeeded');
  }, RUN_TIMEOUT + 10_000);

  it(
    "runs from a later step, reusing the earlier steps' stored items",
    async () => {
      const from = await api.runs.runFrom({ runId, nodeId: 'u' });
      expect(await waitForRun(ctx.sql, from.runId, RUN_TIMEOUT)).toBe('succeeded');
      const run = await api.runs.get({ runId: from.runId });
      expect(run.nodes.s.logs[0].message).toContain(`reused from run ${runId}`);
      expect(run.nodes.u.outputCounts.main).toBe(size);
      const last = await api.runs.outputPage({ runId: from.runId, nodeId: 'u', offset: size - 1, limit: 1 });
      expect(last.items).toEqual([{ n: size - 1, n2: (size - 1) * 2, label: `item ${size - 1}` }]);
    },
    RUN_TIMEOUT + 10_000,
  );

  it("shows a step's input (the step before it) page by page, at the start and the end", async () => {
    const first = await api.runs.outputPage({ runId, nodeId: 's', offset: 0, limit: 100 });
    expect(first.total).toBe(size);
    expect(first.items).toHaveLength(Math.min(100, size));
    expect(first.items[0]).toEqual({ n: 0, n2: 0 });
    const end = await api.runs.outputPage({ runId, nodeId: 's', offset: size - 5, limit: 100 });
    expect(end.items.map((item) => item.n)).toEqual([0, 1, 2, 3, 4].map((i) => size - 5 + i));
  });

  it('gives the whole stored result of a finished run (history, CLI, SDK)', async () => {
    const result = await getRunResult(ctx.sql, runId);
    expect(result?.nodes.u.output.main).toHaveLength(size);
    expect(result?.nodes.u.output.main[size - 1]).toEqual({ n: size - 1, n2: (size - 1) * 2, label: `item ${size - 1}` });
  });

  it(
    'runs with a pinned output taken from the stored items, and runs from after it',
    async () => {
      // What the editor's Pin does: the first 1,000 items of each output become the pinned data.
      const pinned = await api.runs.outputPage({ runId, nodeId: 's', offset: 0, limit: 1000 });
      const document = numbersWorkflow();
      document.nodes[1].pinnedOutput = { main: pinned.items };
      const { runId: pinnedRun } = await api.runs.start({ workflowId, document, input: items(size) });
      expect(await waitForRun(ctx.sql, pinnedRun, RUN_TIMEOUT)).toBe('succeeded');
      expect((await api.runs.get({ runId: pinnedRun })).nodes.u.outputCounts.main).toBe(Math.min(size, 1000));

      const from = await api.runs.runFrom({ runId: pinnedRun, nodeId: 'u', document });
      expect(await waitForRun(ctx.sql, from.runId, RUN_TIMEOUT)).toBe('succeeded');
      expect((await api.runs.get({ runId: from.runId })).nodes.u.outputCounts.main).toBe(Math.min(size, 1000));
    },
    2 * RUN_TIMEOUT,
  );
});

describe('a run that cannot read its stored results', () => {
  it(
    'fails with a plain message instead of waiting for good',
    async () => {
      const { id } = await api.workflows.create({ document: numbersWorkflow() });
      const { runId } = await api.runs.start({ workflowId: id, input: items(25) });
      expect(await waitForRun(ctx.sql, runId, RUN_TIMEOUT)).toBe('succeeded');
      // A damaged page: what a crash of the reader looks like from the outside.
      await ctx.sql`update node_output_pages set items = '[1, 2]'::jsonb
                  where node_run_id in (select id from node_runs where run_id = ${runId} and node_id = 's')`;
      const from = await api.runs.runFrom({ runId, nodeId: 'u' });
      expect(await waitForRun(ctx.sql, from.runId, RUN_TIMEOUT)).toBe('failed');
      const run = await api.runs.get({ runId: from.runId });
      expect(run.error?.message).toMatch(/could not (continue|read)/i);
      expect(run.error?.message).not.toMatch(/zod|invalid_type|expected/i);
    },
    RUN_TIMEOUT + 10_000,
  );
});

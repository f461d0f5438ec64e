/**
 * Silent wrong results made visible: a Filter on a field no item has keeps nothing, and the
 * Save CSV after it does not run (yesterday's file stays). Both are step warnings, stored with
 * the run and counted in its summary; a workflow (or one step) can be set to fail on them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import type { WorkflowDocument } from '../../core/document';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { waitForRun } from '../../server/db/runs';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];
let filesDir: string;

beforeAll(async () => {
  filesDir = await mkdtemp(path.join(tmpdir(), 'tm-warnings-'));
  t = await startHarness({ worker: { concurrency: 2, filesDir } });
  ({ ctx, api } = t);
});

afterAll(async () => {
  await t?.stop();
  await rm(filesDir, { recursive: true, force: true });
});

const orders = [
  { id: 1, amount: 120 },
  { id: 2, amount: 80 },
];

/** Start → Big orders (Filter on a misspelt field) → Save CSV. */
function report(): WorkflowDocument {
  const wf = new WorkflowBuilder('Big orders');
  const start = wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
  const big = wf.add('filter', { conditions: [{ field: 'amonut', operator: 'gt', value: '100' }] }, { id: 'f', name: 'Big orders' });
  const save = wf.add('save-csv', { path: 'big.csv' }, { id: 'save', name: 'Save report' });
  wf.connect(start, big);
  wf.connect(big, save);
  return wf.toDocument();
}

async function run(document: WorkflowDocument) {
  const { id } = await api.workflows.create({ document });
  const { runId } = await api.runs.start({ workflowId: id, input: orders });
  const status = await waitForRun(ctx.sql, runId, 30_000);
  return { workflowId: id, runId, status, detail: await api.runs.get({ runId }) };
}

describe('step warnings', () => {
  it('warns on the Filter and on the save it starved, and the run counts both', async () => {
    await writeFile(path.join(filesDir, 'big.csv'), 'yesterday\n');
    const { workflowId, runId, status, detail } = await run(report());
    expect(status).toBe('succeeded');
    expect(detail.nodes.f.warnings).toEqual([{ message: 'No item has the field "amonut". Check the spelling.' }]);
    expect(detail.nodes.save.status).toBe('skipped');
    expect(detail.nodes.save.warnings[0].message).toBe(
      'Did not run: “Big orders” passed on no items, so this step saved or sent nothing. A file written by an earlier run is left as it was.',
    );
    expect(detail.warningCount).toBe(2);
    expect((await api.runs.list({ workflowId }))[0]).toMatchObject({ id: runId, warningCount: 2 });
    expect(await readFile(path.join(filesDir, 'big.csv'), 'utf8')).toBe('yesterday\n');
  });

  it('fails the run on a warning when the workflow says so, with the warning as the reason', async () => {
    const document = report();
    document.settings.onWarning = 'fail';
    const { status, detail } = await run(document);
    expect(status).toBe('failed');
    expect(detail.nodes.f.status).toBe('failed');
    expect(detail.error).toMatchObject({ nodeId: 'f', code: 'warning' });
    expect(detail.error?.message).toBe(
      'Stopped on a warning (this workflow fails on warnings): No item has the field "amonut". Check the spelling.',
    );
    expect(detail.nodes.save?.status).not.toBe('succeeded');
  });

  it('lets one step fail on warnings while the workflow goes on', async () => {
    const document = report();
    document.nodes[2].settings.onWarning = 'fail';
    const { status, detail } = await run(document);
    expect(status).toBe('failed');
    expect(detail.nodes.f.status).toBe('succeeded');
    expect(detail.error).toMatchObject({ nodeId: 'save', code: 'warning' });
  });

  it('gives no warning when the steps find what they look for', async () => {
    const document = report();
    document.nodes[1].config = { conditions: [{ field: 'amount', operator: 'gt', value: '100' }] };
    const { status, detail } = await run(document);
    expect(status).toBe('succeeded');
    expect(detail.warningCount).toBe(0);
    expect(await readFile(path.join(filesDir, 'big.csv'), 'utf8')).toContain('120');
  });
});

/**
 * Run another workflow, through the real worker and Postgres: a child called with items, once
 * for all or once per item, gives back its last step's output; children link to their parent;
 * a workflow that calls itself stops at the depth limit with a plain message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { createWorkflow } from '../../server/db/workflows';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun } from '../../server/services/runs';
import { callerAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 2 } });
  ctx = t.ctx;
});

afterAll(async () => {
  await t?.stop();
});

/** A child: called with items that have `n`, gives back n * 10 as `tens`. */
async function saveChild(): Promise<string> {
  const wf = new WorkflowBuilder('Times ten');
  const start = wf.add('workflow-trigger', { inputs: [{ name: 'n', type: 'number' }] }, { id: 'start' });
  const calc = wf.add('set-fields', { fields: [{ name: 'tens', value: '{{ $json.n * 10 }}' }] }, { id: 'calc' });
  wf.connect(start, calc);
  return (await createWorkflow(ctx.db, wf.toDocument())).id;
}

async function runParent(config: Record<string, unknown>, input: unknown) {
  const wf = new WorkflowBuilder('Parent');
  const t = wf.add('manual-trigger', {}, { id: 't' });
  const call = wf.add('run-workflow', config, { id: 'call' });
  wf.connect(t, call);
  const runId = await startDocumentRun(ctx, wf.toDocument(), { input });
  await waitForRun(ctx.sql, runId, 60_000);
  return (await getRunResult(ctx.sql, runId))!;
}

const children = (parentRunId: string) =>
  ctx.sql<{ id: string; status: string }[]>`
    select id, status from runs where trigger_kind = 'workflow' and trigger_payload->'parent'->>'runId' = ${parentRunId} order by created_at`;

describe('Run another workflow', () => {
  it("calls a child with 3 items at once and gives back its last step's output", async () => {
    const child = await saveChild();
    const result = await runParent({ workflowId: child }, [{ n: 1 }, { n: 2 }, { n: '3' }]);
    expect(result.status).toBe('succeeded');
    expect(result.nodes.call.output.main.map((i) => i.tens)).toEqual([10, 20, 30]);
    const runs = await children(result.runId);
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('succeeded');
  });

  it('calls it once per item, two at a time, keeping the items in order', async () => {
    const child = await saveChild();
    const result = await runParent({ workflowId: child, mode: 'each', concurrency: 2 }, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(result.status).toBe('succeeded');
    expect(result.nodes.call.output.main.map((i) => i.tens)).toEqual([10, 20, 30]);
    expect((await children(result.runId)).map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('links the parent step to its child runs and each child back to the parent run', async () => {
    const child = await saveChild();
    const result = await runParent({ workflowId: child, mode: 'each', concurrency: 3 }, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(result.status).toBe('succeeded');
    const api = await callerAs(ctx, 'owner');
    const parent = await api.runs.get({ runId: result.runId });
    const links = parent.links.children.call;
    expect(links.map((l) => [l.key, l.status, l.itemCount, l.workflowId, l.workflowName])).toEqual([
      ['item-0', 'succeeded', 1, child, 'Times ten'],
      ['item-1', 'succeeded', 1, child, 'Times ten'],
      ['item-2', 'succeeded', 1, child, 'Times ten'],
    ]);
    expect(parent.links.calledBy).toBeNull();
    const second = await api.runs.get({ runId: links[1].runId });
    expect(second.links.calledBy).toEqual({
      runId: result.runId,
      nodeId: 'call',
      nodeName: 'run-workflow 2',
      workflowId: null,
      workflowName: null,
    });
  });

  it('tells the caller which fields the called workflow expects', async () => {
    const child = await saveChild();
    const api = await callerAs(ctx, 'owner');
    expect(await api.workflows.callInputs({ id: child })).toEqual({ name: 'Times ten', inputs: [{ name: 'n', type: 'number' }] });
    const plain = new WorkflowBuilder('Not callable');
    plain.add('manual-trigger', {}, { id: 't' });
    const other = (await createWorkflow(ctx.db, plain.toDocument())).id;
    expect((await api.workflows.callInputs({ id: other })).inputs).toBeNull();
    await expect(api.workflows.callInputs({ id: 'wf_missing' })).rejects.toThrow(/no workflow|not found/i);
  });

  it('says which item the child refused', async () => {
    const child = await saveChild();
    const result = await runParent({ workflowId: child, mode: 'each' }, [{ n: 1 }, { m: 2 }]);
    expect(result.status).toBe('failed');
    expect(result.nodes.call.error?.message).toMatch(/Item 2: The called workflow's run run_\w+ failed: .*has no "n"/);
  });

  it('stops a workflow that calls itself at depth 10 with a plain message', async () => {
    const wf = new WorkflowBuilder('Forever');
    const start = wf.add('workflow-trigger', {}, { id: 'start' });
    const call = wf.add('run-workflow', { workflowId: '' }, { id: 'again' });
    wf.connect(start, call);
    const saved = await createWorkflow(ctx.db, wf.toDocument());
    // Now that it has an id, point it at itself.
    const doc = wf.toDocument();
    doc.nodes.find((n) => n.id === 'again')!.config = { workflowId: saved.id };
    await ctx.sql`update workflow_versions set document = ${ctx.sql.json(doc as never)} where workflow_id = ${saved.id}`;

    const result = await runParent({ workflowId: saved.id }, [{}]);
    expect(result.status).toBe('failed');
    expect(JSON.stringify(result.nodes.call.error)).toContain('more than 10 deep');
    const depth = await ctx.sql`select count(*)::int as n from runs where trigger_kind = 'workflow'`;
    expect(depth[0].n).toBeGreaterThanOrEqual(10);
  });
});

import { describe, expect, it } from 'vitest';
import runWorkflow from '../../../nodes/run-workflow';
import workflowTrigger from '../../../nodes/workflow-trigger';
import type { SubflowCall } from '../../../nodes/lib/subflow-types';
import { fakeCtx, runNode } from './fake-ctx';

const called = (items: unknown[], inputs: unknown[] = []) =>
  runNode(workflowTrigger, {
    config: { inputs },
    trigger: { kind: 'workflow', payload: { items, parent: { runId: 'run_p', nodeId: 'n', depth: 1 } } },
  });

describe('workflow-trigger', () => {
  it("gives the caller's items, reading numbers written as text as numbers", async () => {
    const out = await called(
      [
        { n: '3', tag: 'a' },
        { n: 4, tag: 'b' },
      ],
      [
        { name: 'n', type: 'number' },
        { name: 'tag', type: 'text' },
      ],
    );
    expect(out.main).toEqual([
      { n: 3, tag: 'a' },
      { n: 4, tag: 'b' },
    ]);
  });

  it('names the item and field the caller left out or sent with the wrong type', async () => {
    await expect(called([{ n: 1 }, {}], [{ name: 'n', type: 'number' }])).rejects.toThrow('Item 2 has no "n", which this workflow expects');
    await expect(called([{ list: 'x' }], [{ name: 'list', type: 'list' }])).rejects.toThrow('Item 1: "list" should be a list, got text.');
  });
});

describe('run-workflow', () => {
  it('calls once per item with at most the chosen number at once, keeping the order', async () => {
    let running = 0;
    let most = 0;
    const calls: SubflowCall[] = [];
    const { ctx } = fakeCtx(runWorkflow, {
      config: { workflowId: 'wf_x', mode: 'each', concurrency: 2 },
      inputs: { main: Array.from({ length: 25 }, (_, n) => ({ n })) },
    });
    ctx.subflows = {
      async call(call) {
        calls.push(call);
        most = Math.max(most, ++running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        return { runId: `run_${call.key}`, status: 'succeeded', items: [{ twice: (call.items[0].n as number) * 2 }] };
      },
    };
    const out = await runWorkflow.execute(ctx);
    expect(out.outputs.main.map((i) => i.twice)).toEqual(Array.from({ length: 25 }, (_, n) => n * 2));
    expect(most).toBe(2);
    expect(new Set(calls.map((c) => c.key)).size).toBe(25);
  });

  it('says plainly when no workflow is chosen', async () => {
    const { ctx } = fakeCtx(runWorkflow, { config: {}, inputs: { main: [{}] } });
    await expect(runWorkflow.execute(ctx)).rejects.toThrow('Choose the workflow to run.');
  });
});

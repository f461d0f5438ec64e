/**
 * Runs through the real graphile-worker and a real Postgres: branching, retries, timeouts,
 * cancel, on-error routing and large outputs stored in pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOutputPage, waitForRun, cancelRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun } from '../../server/services/runs';
import { type Harness, startHarness } from '../helpers/harness';
import { startRecorder } from '../helpers/http-recorder';

let t: Harness;
let ctx: Harness['ctx'];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 4 } });
  ctx = t.ctx;
});

afterAll(async () => {
  await t?.stop();
});

async function runToEnd(wf: WorkflowBuilder, input?: unknown) {
  const runId = await startDocumentRun(ctx, wf.toDocument(), { input });
  await waitForRun(ctx.sql, runId, 30_000);
  const result = await getRunResult(ctx.sql, runId);
  return result!;
}

const set = (fields: Record<string, unknown>) => ({
  fields: Object.entries(fields).map(([name, value]) => ({ name, value })),
});

describe('engine on graphile-worker', () => {
  it('runs a branching 10-node graph and gives each node the right output', async () => {
    //                              true ┌─► big ──► bigTag ─┐
    //  t ─► numbers ─► isBig (n>2) ─────┤                   ├─► merge ─► done
    //                              false└─► small ─► smallTag┘
    //                  numbers ─► echo ─► tail
    const wf = new WorkflowBuilder('branching');
    const t = wf.add('manual-trigger', {}, { id: 't' });
    const numbers = wf.add('set-fields', set({ doubled: '{{ $json.n * 2 }}' }), { id: 'numbers' });
    const isBig = wf.add('if', { conditions: [{ left: '{{ $json.n }}', operator: 'gt', right: '2' }] }, { id: 'isBig' });
    const big = wf.add('set-fields', set({ size: 'big' }), { id: 'big' });
    const bigTag = wf.add('set-fields', set({ tag: '{{ $json.size + "-" + $json.n }}' }), { id: 'bigTag' });
    const small = wf.add('set-fields', set({ size: 'small' }), { id: 'small' });
    const smallTag = wf.add('set-fields', set({ tag: '{{ $json.size + "-" + $json.n }}' }), { id: 'smallTag' });
    const merge = wf.add('merge', { mode: 'append' }, { id: 'merge' });
    const done = wf.add('set-fields', set({ total: '{{ $items.length }}' }), { id: 'done' });
    const echo = wf.add('no-op', {}, { id: 'echo' });
    const tail = wf.add('set-fields', set({ first: '{{ $node["numbers"].json.doubled }}' }), { id: 'tail' });
    wf.connect(t, numbers).connect(numbers, isBig).connect(numbers, echo).connect(echo, tail);
    wf.connect(isBig, big, { output: 'true' }).connect(big, bigTag).connect(bigTag, merge, { input: 'a' });
    wf.connect(isBig, small, { output: 'false' }).connect(small, smallTag).connect(smallTag, merge, { input: 'b' });
    wf.connect(merge, done);

    const result = await runToEnd(wf, [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(result.status).toBe('succeeded');
    expect(Object.values(result.nodes).every((n) => n.status === 'succeeded')).toBe(true);
    expect(result.nodes.numbers.output.main.map((i) => i.doubled)).toEqual([2, 4, 6, 8]);
    expect(result.nodes.isBig.outputCounts).toEqual({ true: 2, false: 2 });
    expect(result.nodes.merge.output.main.map((i) => i.tag)).toEqual(['big-3', 'big-4', 'small-1', 'small-2']);
    expect(result.nodes.done.output.main.map((i) => i.total)).toEqual([4, 4, 4, 4]);
    expect(result.nodes.tail.output.main[0].first).toBe(2);
  });

  it('skips the branch an IF does not take, and what only it feeds', async () => {
    //  t ─► check ─true─► yes
    //             └false► no ─► after
    const wf = new WorkflowBuilder('skip');
    const t = wf.add('manual-trigger', {}, { id: 't' });
    const check = wf.add('if', { conditions: [{ left: '{{ $json.ok }}', operator: 'isTrue' }] }, { id: 'check' });
    wf.connect(t, check);
    wf.connect(check, wf.add('no-op', {}, { id: 'yes' }), { output: 'true' });
    const no = wf.add('no-op', {}, { id: 'no' });
    wf.connect(check, no, { output: 'false' }).connect(no, wf.add('no-op', {}, { id: 'after' }));
    const result = await runToEnd(wf, { ok: true });
    expect(result.status).toBe('succeeded');
    expect([result.nodes.yes.status, result.nodes.no.status, result.nodes.after.status]).toEqual(['succeeded', 'skipped', 'skipped']);
  });

  it('retries a failing node with backoff, then succeeds, keeping every attempt', async () => {
    const server = await startRecorder((_req, count) => (count < 3 ? { status: 500, body: { error: 'busy' } } : { body: { ok: true } }));
    try {
      //  t ─► call (fails twice, then answers)
      const wf = new WorkflowBuilder('retry');
      const call = wf.add('http-request', { url: `${server.url}/flaky` }, { id: 'call', settings: { retries: 3, retryBackoffMs: 20 } });
      wf.connect(wf.add('manual-trigger', {}, { id: 't' }), call);
      const result = await runToEnd(wf);
      expect(result.status).toBe('succeeded');
      expect(result.nodes.call.attempts).toBe(3);
      expect(server.hits('/flaky')).toBe(3);
      const rows =
        await ctx.sql`select attempt, status from node_runs where run_id = ${result.runId} and node_id = 'call' order by attempt`;
      expect(rows.map((r) => r.status)).toEqual(['failed', 'failed', 'succeeded']);
    } finally {
      await server.close();
    }
  });

  it('stops a node at its timeout and fails the run with a plain message', async () => {
    const server = await startRecorder(() => ({ delayMs: 5000 }));
    try {
      const wf = new WorkflowBuilder('timeout');
      const call = wf.add('http-request', { url: `${server.url}/slow` }, { id: 'call', name: 'Slow API', settings: { timeoutMs: 300 } });
      wf.connect(wf.add('manual-trigger', {}, { id: 't' }), call);
      const result = await runToEnd(wf);
      expect(result.status).toBe('failed');
      expect(result.nodes.call.error).toMatchObject({ code: 'timeout' });
      expect(result.nodes.call.error!.message).toContain('"Slow API" took longer than its time limit of 300 ms');
      expect(result.error).toMatchObject({ nodeId: 'call', code: 'timeout' });
    } finally {
      await server.close();
    }
  });

  it('cancels a running run: the running node is aborted and nothing after it runs', async () => {
    //  t ─► wait (30 s) ─► after
    const wf = new WorkflowBuilder('cancel');
    const wait = wf.add('wait', { amount: 30, unit: 'seconds' }, { id: 'wait' });
    wf.connect(wf.add('manual-trigger', {}, { id: 't' }), wait).connect(wait, wf.add('no-op', {}, { id: 'after' }));
    const runId = await startDocumentRun(ctx, wf.toDocument());
    await expect
      .poll(async () => (await ctx.sql`select status from runs where id = ${runId}`)[0].status, { timeout: 60_000 })
      .toBe('running');
    await expect
      .poll(async () => (await ctx.sql`select 1 from node_runs where run_id = ${runId} and node_id = 't'`).length, { timeout: 60_000 })
      .toBe(1);
    const started = Date.now();
    expect(await cancelRun(ctx.sql, runId)).toBe('running');
    expect(await waitForRun(ctx.sql, runId, 10_000)).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(10_000);
    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.nodes.wait.status).toBe('cancelled');
    expect(result.nodes.after).toBeUndefined();
  });

  it('routes a failure to the error output when the node says so, and the run goes on', async () => {
    //  t ─► call ─error─► handled
    const wf = new WorkflowBuilder('error output');
    const call = wf.add(
      'http-request',
      { url: 'http://127.0.0.1:9/nothing-listens' },
      { id: 'call', settings: { onError: 'errorOutput' } },
    );
    wf.connect(wf.add('manual-trigger', {}, { id: 't' }), call);
    wf.connect(call, wf.add('set-fields', set({ seen: '{{ $json.error }}' }), { id: 'handled' }), { output: 'error' });
    const result = await runToEnd(wf);
    expect(result.status).toBe('succeeded');
    expect(result.nodes.handled.status).toBe('succeeded');
    expect(String(result.nodes.handled.output.main[0].seen)).not.toBe('');
  });

  it('stores a large output in pages and serves any page of it', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ i }));
    const wf = new WorkflowBuilder('big');
    wf.connect(wf.add('manual-trigger', {}, { id: 't' }), wf.add('set-fields', set({ sq: '{{ $json.i * $json.i }}' }), { id: 'sq' }));
    const result = await runToEnd(wf, items);
    expect(result.status).toBe('succeeded');
    const [row] =
      await ctx.sql`select output_paged, json_array_length(output_preview->'main') as preview from node_runs where run_id = ${result.runId} and node_id = 'sq'`;
    expect(row).toMatchObject({ output_paged: true, preview: 20 });
    const page = await getOutputPage(ctx.sql, result.runId, 'sq', 'main', 2990, 20);
    expect(page!.total).toBe(5000);
    expect(page!.items.map((i) => i.i)).toEqual(Array.from({ length: 20 }, (_, k) => 2990 + k));
    expect(page!.items[0].sq).toBe(2990 * 2990);
  });

  it('gives back each item’s fields in the order the step made them, small output or paged', async () => {
    //  t ─► order (sets zeta, a, middle)
    const wf = new WorkflowBuilder('field order');
    wf.connect(
      wf.add('manual-trigger', {}, { id: 't' }),
      wf.add('set-fields', { ...set({ zeta: '1', a: '2', middle: '3' }), keepOtherFields: false }, { id: 'order' }),
    );
    for (const count of [3, 1500]) {
      const result = await runToEnd(
        wf,
        Array.from({ length: count }, () => ({})),
      );
      expect(Object.keys(result.nodes.order.output.main[0])).toEqual(['zeta', 'a', 'middle']);
      const page = await getOutputPage(ctx.sql, result.runId, 'order', 'main', count - 1, 1);
      expect(Object.keys(page!.items[0])).toEqual(['zeta', 'a', 'middle']);
    }
  });

  it('keeps results in memory until the end when the workflow asks for speed over per-node durability', async () => {
    //  t ─► a ─► b  (durability: end)
    const wf = new WorkflowBuilder('fast');
    const a = wf.add('set-fields', set({ x: '{{ $json.n + 1 }}' }), { id: 'a' });
    wf.connect(wf.add('manual-trigger', {}, { id: 't' }), a).connect(a, wf.add('no-op', {}, { id: 'b' }));
    const runId = await startDocumentRun(
      ctx,
      { ...wf.toDocument(), settings: { durability: 'end' } },
      { input: Array.from({ length: 30 }, (_, n) => ({ n })) },
    );
    expect(await waitForRun(ctx.sql, runId, 20_000)).toBe('succeeded');
    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.nodes.b.output.main.map((i) => i.x)).toEqual(Array.from({ length: 30 }, (_, n) => n + 1));
    const rows = await ctx.sql`select node_id, output_paged from node_runs where run_id = ${runId} order by node_id`;
    expect(rows.map((r) => [r.node_id, r.output_paged])).toEqual([
      ['a', true],
      ['b', true],
      ['t', true],
    ]);
  });
});

/**
 * The runs page's API against 100,000 stored runs: filters, keyset paging that neither skips
 * nor repeats (pairs of runs share a timestamp), the trigger-input search, and bulk actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { seedRuns } from '../helpers/seed-runs';

const SEEDED = 100_000;

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness();
  ({ ctx, api } = t);
  await seedRuns(ctx.sql, SEEDED);
});

afterAll(async () => {
  await t?.stop();
});

async function countWhere(where: string): Promise<number> {
  const [row] = await ctx.sql.unsafe(`select count(*)::int as n from runs where ${where}`);
  return Number(row.n);
}

describe('runs page', () => {
  it('lists the newest runs of every workflow first, with workflow names', async () => {
    const page = await api.runs.search({ limit: 25 });
    expect(page.runs).toHaveLength(25);
    expect(page.nextCursor).not.toBeNull();
    const times = page.runs.map((r) => r.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(page.runs.map((r) => r.workflowName))).toEqual(new Set(['Orders', 'Prices', 'Stock check']));
  });

  it('walks every page of a filter without skipping or repeating a run', async () => {
    const filter = { workflowId: 'wf_seed_1', statuses: ['failed' as const] };
    const expected = await countWhere(`workflow_id = 'wf_seed_1' and status = 'failed'`);
    expect(expected).toBeGreaterThan(1_001);
    const seen = new Set<string>();
    let cursor: string | undefined;
    let previous = Infinity;
    do {
      const page = await api.runs.search({ ...filter, limit: 200, cursor });
      for (const run of page.runs) {
        expect(run.status).toBe('failed');
        expect(run.workflowId).toBe('wf_seed_1');
        expect(run.createdAt.getTime()).toBeLessThanOrEqual(previous);
        previous = run.createdAt.getTime();
        seen.add(run.id);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.size).toBe(expected);
  });

  it('sorts oldest first and pages forward', async () => {
    const oldest = await ctx.sql`select id from runs order by created_at, id limit 6`;
    const first = await api.runs.search({ sort: 'oldest', limit: 3 });
    const second = await api.runs.search({ sort: 'oldest', limit: 3, cursor: first.nextCursor! });
    expect([...first.runs, ...second.runs].map((r) => r.id)).toEqual(oldest.map((r) => r.id));
  });

  it('filters by trigger kind and time range', async () => {
    const [newest] = (await api.runs.search({ limit: 1 })).runs;
    const to = newest.createdAt;
    const from = new Date(to.getTime() - 60_000);
    const page = await api.runs.search({ triggerKind: 'schedule', from, to, limit: 200 });
    expect(page.runs.length).toBeGreaterThan(0);
    for (const run of page.runs) {
      expect(run.triggerKind).toBe('schedule');
      expect(run.createdAt.getTime()).toBeGreaterThanOrEqual(from.getTime());
      expect(run.createdAt.getTime()).toBeLessThan(to.getTime());
    }
    const expected = await countWhere(
      `trigger_kind = 'schedule' and created_at >= '${from.toISOString()}' and created_at < '${to.toISOString()}'`,
    );
    expect(page.runs.length).toBe(Math.min(200, expected));
  });

  it('finds runs by a value in their trigger input, typed characters taken literally', async () => {
    const page = await api.runs.search({ inputContains: 'a-4242', limit: 50 });
    expect(page.runs.map((r) => r.id).sort()).toEqual(
      ['run_seed_0004242', ...Array.from({ length: 10 }, (_, i) => `run_seed_00${42420 + i}`)].sort(),
    );
    expect((await api.runs.search({ inputContains: 'A-%' })).runs).toEqual([]);
  });

  it('lists the trigger kinds runs were started by', async () => {
    expect(await api.runs.triggerKinds()).toEqual(['manual', 'schedule', 'webhook']);
  });

  it('answers a damaged page link with a plain 400', async () => {
    await expect(api.runs.search({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'That page link is out of date. Go back to the first page of runs.',
    });
  });

  it('deletes finished runs in bulk and leaves waiting ones, saying why', async () => {
    const doc = new WorkflowBuilder('Bulk');
    doc.add('manual-trigger', {}, { id: 'start', name: 'Start' });
    const { runId: waiting } = await api.runs.start({ document: doc.toDocument() });
    const result = await api.runs.deleteMany({ runIds: ['run_seed_0000010', 'run_seed_0000011', waiting, 'run_nope'] });
    expect(result.done).toBe(2);
    expect(result.skipped).toEqual([
      { runId: waiting, reason: 'It is still waiting or running: cancel it first.' },
      { runId: 'run_nope', reason: 'There is no such run (already deleted?).' },
    ]);
    expect(await countWhere(`id in ('run_seed_0000010', 'run_seed_0000011')`)).toBe(0);
    expect(await countWhere(`id = '${waiting}'`)).toBe(1);
  });

  it('cancels waiting runs in bulk, then retries them with the same input', async () => {
    const doc = new WorkflowBuilder('Bulk');
    doc.add('manual-trigger', {}, { id: 'start', name: 'Start' });
    const started = await Promise.all(['A-1', 'A-2'].map((orderId) => api.runs.start({ document: doc.toDocument(), input: { orderId } })));
    const ids = started.map((s) => s.runId);
    const cancelled = await api.runs.cancelMany({ runIds: [...ids, 'run_seed_0000020'] });
    expect(cancelled.done).toBe(2);
    expect(cancelled.skipped).toEqual([{ runId: 'run_seed_0000020', reason: expect.stringMatching(/^It has already ended/) }]);
    for (const id of ids) expect((await api.runs.get({ runId: id })).status).toBe('cancelled');

    const retried = await api.runs.retryMany({ runIds: ids });
    expect(retried.done).toBe(2);
    const again = await Promise.all(retried.runIds.map((runId) => api.runs.get({ runId })));
    expect(again.map((r) => r.triggerPayload)).toEqual([{ orderId: 'A-1' }, { orderId: 'A-2' }]);
    expect(again.every((r) => r.status === 'queued')).toBe(true);
  });
});

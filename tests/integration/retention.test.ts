/**
 * Run retention against a real database: exactly the runs the rules name are deleted, with
 * their step results and stored output pages, and everything else stays as it was. Then the
 * scheduled task, run by a real worker with the rules from the Settings page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { pruneRuns } from '../../server/db/retention';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { createAppContext } from '../../server/context';
import { PRUNE_TASK } from '../../server/worker/prune-task';
import { startWorker } from '../../server/worker/runner';
import { callerAs } from '../helpers/auth';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let database: TestDatabase;
let ctx: ReturnType<typeof createAppContext>;
let api: Awaited<ReturnType<typeof callerAs>>;
let wfA: string;
let wfB: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createAppContext(database.url, { keys: fixedKeyStore(generateKey()) });
  api = await callerAs(ctx, 'owner');
  const doc = (name: string) => {
    const wf = new WorkflowBuilder(name);
    wf.add('manual-trigger');
    return wf.toDocument();
  };
  wfA = (await api.workflows.create({ document: doc('A') })).id;
  wfB = (await api.workflows.create({ document: doc('B') })).id;
});

afterAll(async () => {
  await ctx?.close();
  await database?.drop();
});

interface TestRun {
  id: string;
  workflow: 'A' | 'B' | null;
  status: 'succeeded' | 'failed' | 'cancelled' | 'running' | 'queued';
  /** Started this many days ago (and, when finished, ended one hour later). */
  daysAgo: number;
}

/** Each run gets two step results, and the first of them two stored output pages. */
async function insertRuns(runs: TestRun[]): Promise<void> {
  await ctx.sql`delete from runs`;
  for (const run of runs) {
    const workflowId = run.workflow === 'A' ? wfA : run.workflow === 'B' ? wfB : null;
    const finished = run.status !== 'running' && run.status !== 'queued';
    await ctx.sql`
      insert into runs (id, workflow_id, document, status, created_at, finished_at)
      values (${run.id}, ${workflowId}, '{}'::jsonb, ${run.status}, now() - make_interval(days => ${run.daysAgo}),
              case when ${finished} then now() - make_interval(days => ${run.daysAgo}) + interval '1 hour' end)`;
    const [first] = await ctx.sql<{ id: number }[]>`
      insert into node_runs (run_id, node_id, status, output_paged) values (${run.id}, 'a', 'succeeded', true) returning id`;
    await ctx.sql`insert into node_runs (run_id, node_id, status) values (${run.id}, 'b', 'succeeded')`;
    await ctx.sql`
      insert into node_output_pages (node_run_id, handle, page, items)
      values (${first.id}, 'main', 0, '[{"n":1}]'::jsonb), (${first.id}, 'main', 1, '[{"n":2}]'::jsonb)`;
  }
}

async function left(): Promise<{ runs: string[]; nodeRuns: Record<string, number>; pages: Record<string, number> }> {
  const runs = await ctx.sql<{ id: string }[]>`select id from runs order by id`;
  const nodeRuns = await ctx.sql<{ run_id: string; n: number }[]>`select run_id, count(*)::int as n from node_runs group by run_id`;
  const pages = await ctx.sql<{ run_id: string; n: number }[]>`
    select nr.run_id, count(*)::int as n from node_output_pages p join node_runs nr on nr.id = p.node_run_id group by nr.run_id`;
  return {
    runs: runs.map((r) => r.id),
    nodeRuns: Object.fromEntries(nodeRuns.map((r) => [r.run_id, r.n])),
    pages: Object.fromEntries(pages.map((r) => [r.run_id, r.n])),
  };
}

/** Every one intact: its run row, both step results, both output pages. */
function intact(ids: string[]) {
  return {
    runs: [...ids].sort(),
    nodeRuns: Object.fromEntries(ids.map((id) => [id, 2])),
    pages: Object.fromEntries(ids.map((id) => [id, 2])),
  };
}

/*
 * Workflow A, newest first        Workflow B          Unsaved files (no workflow)
 *   a7  1 day   succeeded           b2  1 day  cancelled   f1  2 days  succeeded
 *   a6  2 days  succeeded           b1  5 days succeeded   f2 15 days  failed
 *   a5  3 days  failed
 *   a4  4 days  succeeded
 *   a3 30 days  running  (never deleted: not finished)
 *   a2 20 days  failed
 *   a1 40 days  succeeded
 */
const RUNS: TestRun[] = [
  { id: 'a1', workflow: 'A', status: 'succeeded', daysAgo: 40 },
  { id: 'a2', workflow: 'A', status: 'failed', daysAgo: 20 },
  { id: 'a3', workflow: 'A', status: 'running', daysAgo: 30 },
  { id: 'a4', workflow: 'A', status: 'succeeded', daysAgo: 4 },
  { id: 'a5', workflow: 'A', status: 'failed', daysAgo: 3 },
  { id: 'a6', workflow: 'A', status: 'succeeded', daysAgo: 2 },
  { id: 'a7', workflow: 'A', status: 'succeeded', daysAgo: 1 },
  { id: 'b1', workflow: 'B', status: 'succeeded', daysAgo: 5 },
  { id: 'b2', workflow: 'B', status: 'cancelled', daysAgo: 1 },
  { id: 'f1', workflow: null, status: 'succeeded', daysAgo: 2 },
  { id: 'f2', workflow: null, status: 'failed', daysAgo: 15 },
];

describe('run retention', () => {
  it('keeps everything while both rules are off', async () => {
    await insertRuns(RUNS);
    expect(await pruneRuns(ctx.sql, { days: 0, runsPerWorkflow: 0 })).toEqual({ deletedRuns: 0 });
    expect(await left()).toEqual(intact(RUNS.map((r) => r.id)));
  });

  it('deletes finished runs older than N days, with their step results and output pages', async () => {
    await insertRuns(RUNS);
    expect(await pruneRuns(ctx.sql, { days: 10, runsPerWorkflow: 0 })).toEqual({ deletedRuns: 3 });
    expect(await left()).toEqual(intact(['a3', 'a4', 'a5', 'a6', 'a7', 'b1', 'b2', 'f1']));
  });

  it('keeps only the newest N runs of each workflow (unfinished ones count but stay)', async () => {
    await insertRuns(RUNS);
    expect(await pruneRuns(ctx.sql, { days: 0, runsPerWorkflow: 3 })).toEqual({ deletedRuns: 3 });
    // A: a7 a6 a5 are the newest three; a4, a2, a1 go; a3 is running. B and the files have ≤ 3.
    expect(await left()).toEqual(intact(['a3', 'a5', 'a6', 'a7', 'b1', 'b2', 'f1', 'f2']));
  });

  it('applies both rules together', async () => {
    await insertRuns(RUNS);
    expect(await pruneRuns(ctx.sql, { days: 10, runsPerWorkflow: 1 })).toEqual({ deletedRuns: 7 });
    expect(await left()).toEqual(intact(['a3', 'a7', 'b2', 'f1']));
  });

  it('deletes more runs than one batch holds', async () => {
    await ctx.sql`delete from runs`;
    await ctx.sql`
      insert into runs (id, workflow_id, document, status, created_at, finished_at)
      select 'm' || lpad(i::text, 4, '0'), ${wfB}, '{}'::jsonb, 'succeeded', now() - make_interval(days => 40 + i), now() - make_interval(days => 40 + i)
      from generate_series(0, 1199) i`;
    await ctx.sql`insert into runs (id, workflow_id, document, status) values ('fresh', ${wfB}, '{}'::jsonb, 'succeeded')`;
    expect(await pruneRuns(ctx.sql, { days: 30, runsPerWorkflow: 0 })).toEqual({ deletedRuns: 1200 });
    expect((await left()).runs).toEqual(['fresh']);
  });
});

describe('the scheduled clean-up', () => {
  it('is scheduled by every worker, and prunes by the rules saved in Settings', async () => {
    await insertRuns(RUNS);
    await api.settings.update({ retentionDays: 10, retentionRunsPerWorkflow: 3 });
    const worker = await startWorker({ databaseUrl: database.url, concurrency: 1, keys: ctx.keys });
    try {
      const crontabs = await ctx.sql<{ identifier: string }[]>`select identifier from graphile_worker._private_known_crontabs`;
      expect(crontabs.map((c) => c.identifier)).toContain(PRUNE_TASK);

      // The hourly job, queued now instead of waiting for minute 17.
      await ctx.sql`select graphile_worker.add_job(${PRUNE_TASK}, '{}'::json, job_key => 'prune-now')`;
      for (const deadline = Date.now() + 60_000; ; ) {
        const [{ n }] = await ctx.sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where key = 'prune-now'`;
        if (n === 0) break;
        if (Date.now() > deadline) throw new Error('the clean-up job never ran (60 s)');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await left()).toEqual(intact(['a3', 'a5', 'a6', 'a7', 'b1', 'b2', 'f1']));
    } finally {
      await worker.stop();
    }
  });

  it('is on for a new instance: runs older than 30 days go without anyone saving a setting', async () => {
    const fresh = await createTestDatabase();
    const freshCtx = createAppContext(fresh.url, { keys: fixedKeyStore(generateKey()) });
    try {
      const freshApi = await callerAs(freshCtx, 'owner');
      const shown = await freshApi.settings.get();
      expect(shown.saved).toEqual([]);
      expect(shown.settings).toMatchObject({ retentionDays: 30, retentionRunsPerWorkflow: 10_000 });
      await freshCtx.sql`
        insert into runs (id, document, status, created_at, finished_at) values
          ('old', '{}'::jsonb, 'succeeded', now() - interval '31 days', now() - interval '31 days'),
          ('new', '{}'::jsonb, 'succeeded', now() - interval '29 days', now() - interval '29 days')`;
      expect(await freshApi.settings.pruneNow()).toEqual({ deletedRuns: 1 });
      expect((await freshCtx.sql`select id from runs`).map((r) => r.id)).toEqual(['new']);
    } finally {
      await freshCtx.close();
      await fresh.drop();
    }
  });

  it('can be run at once from the Settings page', async () => {
    await insertRuns(RUNS);
    await api.settings.update({ retentionDays: 0, retentionRunsPerWorkflow: 1 });
    expect(await api.settings.pruneNow()).toEqual({ deletedRuns: 7 });
    expect((await left()).runs).toEqual(['a3', 'a7', 'b2', 'f1']);
  });
});

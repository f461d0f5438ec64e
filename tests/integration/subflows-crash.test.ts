/**
 * A parent calling a child once per item (Run another workflow), or round after round (Repeat
 * until), survives its worker killed with SIGKILL mid-way: another
 * worker resumes the parent, finds the children that had finished (their ids come from the parent,
 * the step and the item), finishes the one that was running from its stored steps, and starts the
 * rest. No child run that had succeeded runs again; no child's HTTP call is made twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../core/document';
import { waitForRun } from '../../server/db/runs';
import { childRunId } from '../../server/db/subflow-runs';
import { createWorkflow } from '../../server/db/workflows';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun } from '../../server/services/runs';
import { startWorker } from '../../server/worker/runner';
import { type Harness, killWorkerProcess, spawnWorkerProcess, startHarness } from '../helpers/harness';
import { startRecorder } from '../helpers/http-recorder';

let t: Harness;
let ctx: Harness['ctx'];
let server: Awaited<ReturnType<typeof startRecorder>>;

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
  // /round/<n> answers [{ n: n + 1 }] (one item for Repeat until's next round); others echo the path.
  server = await startRecorder((req) => {
    const round = /^\/round\/(\d+)$/.exec(req.path);
    return { body: round ? [{ n: Number(round[1]) + 1 }] : { seen: req.path } };
  });
});

afterAll(async () => {
  await server?.close();
  await t?.stop();
});

/** start ─► fetch (HTTP /<path>/<n>) ─► pause (wait) */
async function saveChild(path = 'child'): Promise<string> {
  const wf = new WorkflowBuilder('Slow child');
  const start = wf.add('workflow-trigger', { inputs: [{ name: 'n', type: 'number' }] }, { id: 'start' });
  const fetch = wf.add('http-request', { url: `${server.url}/${path}/{{ $json.n }}` }, { id: 'fetch' });
  const pause = wf.add('wait', { amount: 3, unit: 'seconds' }, { id: 'pause' });
  wf.connect(start, fetch).connect(fetch, pause);
  return (await createWorkflow(ctx.db, wf.toDocument())).id;
}

const rows = async (runId: string) =>
  (await ctx.sql`select node_id, status from node_runs where run_id = ${runId} order by id`).map(
    (r) => `${String(r.node_id)}:${String(r.status)}`,
  );

describe('Run another workflow after a crash', () => {
  it('resumes a parent killed while its third of four children runs, running no finished child again', async () => {
    const childWorkflow = await saveChild();
    const wf = new WorkflowBuilder('Parent of four');
    const call = wf.add('run-workflow', { workflowId: childWorkflow, mode: 'each', concurrency: 1 }, { id: 'call' });
    wf.connect(wf.add('manual-trigger', {}, { id: 't' }), call);

    const worker = await spawnWorkerProcess(t.database.url);
    const runId = await startDocumentRun(ctx, wf.toDocument(), { input: [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }] });
    const kids = [0, 1, 2, 3].map((i) => childRunId(runId, 'call', `item-${i}`));
    // Kill while the third child sits in its wait: its HTTP call is stored, the fourth has not started.
    await expect.poll(() => rows(kids[2]), { timeout: 60_000, interval: 50 }).toContain('fetch:succeeded');
    await killWorkerProcess(worker);
    const before = await ctx.sql`select id, status from runs where id in ${ctx.sql(kids)}`;
    expect(Object.fromEntries(before.map((r) => [r.id, r.status]))).toEqual({
      [kids[0]]: 'succeeded',
      [kids[1]]: 'succeeded',
      [kids[2]]: 'running',
    });
    const finishedBefore = await Promise.all(kids.slice(0, 2).map(rows));

    const survivor = await startWorker({ databaseUrl: t.database.url, heartbeatMs: 300, deadAfterMs: 2000 });
    try {
      expect(await waitForRun(ctx.sql, runId, 90_000)).toBe('succeeded');
    } finally {
      await survivor.stop();
    }
    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.nodes.call.output.main.map((i) => JSON.stringify(i).match(/\/child\/\d/)?.[0])).toEqual([
      '/child/1',
      '/child/2',
      '/child/3',
      '/child/4',
    ]);
    for (const n of [1, 2, 3, 4]) expect(server.hits(`/child/${n}`)).toBe(1);
    // The two finished children were read back, not run again: their stored steps are unchanged.
    expect(await Promise.all(kids.slice(0, 2).map(rows))).toEqual(finishedBefore);
    expect(await rows(kids[2])).toEqual(['start:succeeded', 'fetch:succeeded', 'pause:succeeded']);
    const all = await ctx.sql`select count(*)::int as n from runs where trigger_payload->'parent'->>'runId' = ${runId}`;
    expect(all[0].n).toBe(4);
  });
});

/**
 * Runs a workflow whose Repeat until (step "loop") goes round at least four times on a worker
 * process, kills it with SIGKILL once round 3 has fetched (rounds 1–2 done, 3 still running), and
 * lets another worker resume the run until it succeeds. Gives the rounds' run ids and what rounds
 * 1–2 had stored before the kill.
 */
async function killInRoundThreeAndResume(document: WorkflowDocument) {
  const worker = await spawnWorkerProcess(t.database.url);
  const runId = await startDocumentRun(ctx, document, { input: [{ n: 1 }] });
  const rounds = [1, 2, 3, 4].map((r) => childRunId(runId, 'loop', `round-${r}`));
  await expect.poll(() => rows(rounds[2]), { timeout: 60_000, interval: 50 }).toContain('fetch:succeeded');
  await killWorkerProcess(worker);
  const before = await ctx.sql`select id, status from runs where id in ${ctx.sql(rounds)}`;
  expect(Object.fromEntries(before.map((r) => [r.id, r.status]))).toEqual({
    [rounds[0]]: 'succeeded',
    [rounds[1]]: 'succeeded',
    [rounds[2]]: 'running',
  });
  const finishedBefore = await Promise.all(rounds.slice(0, 2).map(rows));
  const survivor = await startWorker({ databaseUrl: t.database.url, heartbeatMs: 300, deadAfterMs: 2000 });
  try {
    expect(await waitForRun(ctx.sql, runId, 90_000)).toBe('succeeded');
  } finally {
    await survivor.stop();
  }
  return { runId, rounds, finishedBefore };
}

describe('Repeat until after a crash', () => {
  it('resumes a loop killed in its third round without running a finished round again', async () => {
    const roundWorkflow = await saveChild('round');
    const wf = new WorkflowBuilder('Loop of four');
    const loop = wf.add(
      'repeat-until',
      { workflowId: roundWorkflow, conditions: [{ field: 'n', operator: 'gte', value: '5' }], maxRounds: 10 },
      { id: 'loop' },
    );
    wf.connect(wf.add('manual-trigger', {}, { id: 't' }), loop);

    const { runId, rounds, finishedBefore } = await killInRoundThreeAndResume(wf.toDocument());
    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.nodes.loop.output.main).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }]);
    for (const n of [1, 2, 3, 4]) expect(server.hits(`/round/${n}`)).toBe(1);
    expect(server.hits('/round/5')).toBe(0);
    expect(await Promise.all(rounds.slice(0, 2).map(rows))).toEqual(finishedBefore);
    expect(await rows(rounds[2])).toEqual(['start:succeeded', 'fetch:succeeded', 'pause:succeeded']);
  });
});

describe('Repeat until over a group of its own steps after a crash', () => {
  it('resumes a loop killed in its third round without running a finished round again', async () => {
    //  t ─► loop          repeated by loop: fetch (HTTP /group/<n>, answers n + 1) ─► pause (3 s)
    const wf = new WorkflowBuilder('Group loop of four');
    const loop = wf.add(
      'repeat-until',
      { repeat: 'steps', steps: ['fetch', 'pause'], conditions: [{ field: 'n', operator: 'gte', value: '5' }], maxRounds: 10 },
      { id: 'loop' },
    );
    wf.connect(wf.add('manual-trigger', {}, { id: 't' }), loop);
    const fetch = wf.add('http-request', { url: `${server.url}/round/{{ $json.n }}` }, { id: 'fetch' });
    wf.connect(fetch, wf.add('wait', { amount: 3, unit: 'seconds' }, { id: 'pause' }));
    const hitsBefore = [1, 2, 3, 4, 5].map((n) => server.hits(`/round/${n}`));

    const { runId, rounds, finishedBefore } = await killInRoundThreeAndResume(wf.toDocument());
    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.nodes.loop.output.main).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }]);
    for (const n of [1, 2, 3, 4]) expect(server.hits(`/round/${n}`) - hitsBefore[n - 1]).toBe(1);
    expect(server.hits('/round/5')).toBe(hitsBefore[4]);
    expect(await Promise.all(rounds.slice(0, 2).map(rows))).toEqual(finishedBefore);
    expect(await rows(rounds[2])).toEqual(['round-start:succeeded', 'fetch:succeeded', 'pause:succeeded']);
    // The group's steps never ran in the loop's own run.
    expect(await rows(runId)).toEqual(['t:succeeded', 'loop:succeeded']);
  });
});

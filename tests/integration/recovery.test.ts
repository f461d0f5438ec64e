/**
 * Runs survive their worker: killed with SIGKILL mid-run, or shut down gracefully. Another
 * worker continues from the stored results; no node that had succeeded runs again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
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
  server = await startRecorder();
});

afterAll(async () => {
  await server?.close();
  await t?.stop();
});

/**  t ─► a (HTTP /a) ─► pause (wait) ─► b (HTTP /b) */
function pausedChain(name: string, seconds: number) {
  const wf = new WorkflowBuilder(name);
  const a = wf.add('http-request', { url: `${server.url}/${name}/a` }, { id: 'a' });
  const pause = wf.add('wait', { amount: seconds, unit: 'seconds' }, { id: 'pause' });
  const b = wf.add('http-request', { url: `${server.url}/${name}/b` }, { id: 'b' });
  wf.connect(wf.add('manual-trigger', {}, { id: 't' }), a)
    .connect(a, pause)
    .connect(pause, b);
  return wf.toDocument();
}

const storedRows = async (runId: string, nodeId: string) =>
  (await ctx.sql`select status from node_runs where run_id = ${runId} and node_id = ${nodeId}`).map((r) => String(r.status));

describe('crash recovery', () => {
  it('continues a run after its worker is killed with SIGKILL, without re-running what succeeded', async () => {
    const child = await spawnWorkerProcess(t.database.url);
    const runId = await startDocumentRun(ctx, pausedChain('kill', 3));
    // Kill once "a" is stored and the run sits in the wait.
    await expect.poll(() => storedRows(runId, 'a'), { timeout: 60_000, interval: 50 }).toEqual(['succeeded']);
    await killWorkerProcess(child);
    expect((await ctx.sql`select status from runs where id = ${runId}`)[0].status).toBe('running');

    const survivor = await startWorker({ databaseUrl: t.database.url, heartbeatMs: 300, deadAfterMs: 2000 });
    try {
      const started = Date.now();
      expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('succeeded');
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      await survivor.stop();
    }
    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.nodes.b.status).toBe('succeeded');
    expect(server.hits('/kill/a')).toBe(1);
    expect(server.hits('/kill/b')).toBe(1);
    expect(await storedRows(runId, 'a')).toEqual(['succeeded']);
    expect(await storedRows(runId, 't')).toEqual(['succeeded']);
  });

  it('takes over the runs of a worker killed on this host as soon as the next one starts', async () => {
    const child = await spawnWorkerProcess(t.database.url);
    const runId = await startDocumentRun(ctx, pausedChain('restart', 3));
    await expect.poll(() => storedRows(runId, 'a'), { timeout: 60_000, interval: 50 }).toEqual(['succeeded']);
    const lockedBy = async () =>
      (await ctx.sql`select locked_by from graphile_worker._private_jobs where payload->>'runId' = ${runId}`).map(
        (r) => r.locked_by as string | null,
      );
    const [deadWorker] = await lockedBy();
    expect(deadWorker).toBeTruthy();
    await killWorkerProcess(child);

    // Its heartbeat is fresh and the silence sweep would wait an hour: only the start-up check
    // (same host, pid gone) can hand the run over.
    const successor = await startWorker({ databaseUrl: t.database.url, deadAfterMs: 3_600_000 });
    try {
      expect(await lockedBy()).not.toContain(deadWorker);
      expect(await ctx.sql`select 1 from worker_heartbeats where worker_id = ${deadWorker!}`).toHaveLength(0);
      expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('succeeded');
    } finally {
      await successor.stop();
    }
    expect(server.hits('/restart/a')).toBe(1);
    expect(server.hits('/restart/b')).toBe(1);
  });

  it('lets the running step finish on Ctrl-C (drain), hands the run back before the next step, and finishes it at the next start', async () => {
    const first = await startWorker({ databaseUrl: t.database.url });
    const runId = await startDocumentRun(ctx, pausedChain('drain', 2));
    await expect.poll(() => storedRows(runId, 'a'), { timeout: 60_000, interval: 50 }).toEqual(['succeeded']);
    await first.stop();
    expect((await ctx.sql`select status from runs where id = ${runId}`)[0].status).toBe('running');
    // The wait was running: it finished within the grace period and is stored; "b" never started.
    expect(await storedRows(runId, 'pause')).toEqual(['succeeded']);
    expect(server.hits('/drain/b')).toBe(0);

    const second = await startWorker({ databaseUrl: t.database.url });
    try {
      expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');
    } finally {
      await second.stop();
    }
    expect(await storedRows(runId, 'pause')).toEqual(['succeeded']);
    expect(server.hits('/drain/a')).toBe(1);
    expect(server.hits('/drain/b')).toBe(1);
  });

  it('hands a run back to the queue on graceful shutdown after the grace period and finishes it at the next start', async () => {
    const first = await startWorker({ databaseUrl: t.database.url, graceMs: 0 });
    const runId = await startDocumentRun(ctx, pausedChain('stop', 2));
    await expect.poll(() => storedRows(runId, 'a'), { timeout: 60_000, interval: 50 }).toEqual(['succeeded']);
    await first.stop();
    expect((await ctx.sql`select status from runs where id = ${runId}`)[0].status).toBe('running');
    // The interrupted wait left no failed row: it will simply run again.
    expect(await storedRows(runId, 'pause')).toEqual([]);

    const second = await startWorker({ databaseUrl: t.database.url });
    try {
      expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');
    } finally {
      await second.stop();
    }
    expect(server.hits('/stop/a')).toBe(1);
    expect(server.hits('/stop/b')).toBe(1);
  });
});

/**
 * Webhook runs executed by the process that accepted them, without a queue job
 * (server/worker/run-here.ts): answered from the run, stored as any run is, and durable: when
 * that process is killed (SIGKILL) mid-run, the next worker finishes every accepted run, and no
 * step that had succeeded runs again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelRun, waitForRun } from '../../server/db/runs';
import { startWebServer, type WebServer } from '../../server/http/server';
import { offerRunsHere } from '../../server/run-ends';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { startWorker, type WorkerHandle } from '../../server/worker/runner';
import { type Harness, startHarness } from '../helpers/harness';
import { startRecorder } from '../helpers/http-recorder';

let t: Harness;
let ctx: Harness['ctx'];
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness({ max: 10 });
  ctx = t.ctx;
  recorder = await startRecorder();
  api = t.api;
});

afterAll(async () => {
  await recorder?.close();
  await t?.stop();
});

/** hook ─► a (HTTP /name/a) ─► pause (wait) ─► b (HTTP /name/b) */
function pausedHook(name: string, respond: 'immediately' | 'whenDone', seconds: number) {
  const wf = new WorkflowBuilder(name);
  const hook = wf.add('webhook-trigger', { path: name, method: 'POST', respond }, { id: 'hook' });
  const a = wf.add('http-request', { url: `${recorder.url}/${name}/a` }, { id: 'a' });
  const pause = wf.add('wait', { amount: seconds, unit: 'seconds' }, { id: 'pause' });
  const b = wf.add('http-request', { url: `${recorder.url}/${name}/b` }, { id: 'b' });
  wf.connect(hook, a).connect(a, pause).connect(pause, b);
  return wf;
}

async function activate(wf: WorkflowBuilder): Promise<string> {
  const { id } = await api.workflows.create({ document: wf.toDocument() });
  await api.workflows.setActive({ id, active: true });
  return id;
}

async function waitForPath(base: string, hookPath: string) {
  await expect
    .poll(async () => (await fetch(`${base}/webhook/${hookPath}`, { method: 'OPTIONS' })).status, { timeout: 15_000, interval: 50 })
    .not.toBe(404);
}

const post = (base: string, hookPath: string, body: unknown) =>
  fetch(`${base}/webhook/${hookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const ownerOf = async (runId: string) => (await ctx.sql`select owner from runs where id = ${runId}`)[0]?.owner as string | null;
const jobsOf = async (runId: string) => (await ctx.sql`select 1 from graphile_worker._private_jobs where key = ${runId}`).length;
const succeededRows = async (runId: string, nodeId: string) =>
  (await ctx.sql`select 1 from node_runs where run_id = ${runId} and node_id = ${nodeId} and status = 'succeeded'`).length;

describe('webhook runs executed by the process that accepted them', () => {
  let worker: WorkerHandle;
  let web: WebServer;
  let base: string;

  beforeAll(async () => {
    worker = await startWorker({ databaseUrl: t.database.url, concurrency: 4 });
    web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
    base = web.url.replace('localhost', '127.0.0.1');
    offerRunsHere(ctx.sql, worker.runHere);
  });

  afterAll(async () => {
    offerRunsHere(ctx.sql, null);
    await web?.close();
  });

  it('runs without a queue job, owned by this process until it ends, and answers with the last step', async () => {
    await activate(pausedHook('here-answer', 'whenDone', 1));
    await waitForPath(base, 'here-answer');
    const answer = post(base, 'here-answer', { n: 1 });
    await expect.poll(() => recorder.hits('/here-answer/a'), { timeout: 15_000, interval: 50 }).toBe(1);
    const [{ id: runId }] = await ctx.sql`select id from runs where trigger_kind = 'webhook' and status = 'running' and owner is not null`;
    expect(await jobsOf(String(runId))).toBe(0);

    const res = await answer;
    expect(res.status).toBe(200);
    expect(await waitForRun(ctx.sql, String(runId), 20_000)).toBe('succeeded');
    expect(await ownerOf(String(runId))).toBeNull();
    const result = (await getRunResult(ctx.sql, String(runId)))!;
    expect(Object.keys(result.nodes).sort()).toEqual(['a', 'b', 'hook', 'pause']);
    expect(recorder.hits('/here-answer/b')).toBe(1);
  });

  it('stops an owned run when it is cancelled: the step after the wait never runs', async () => {
    await activate(pausedHook('here-cancel', 'immediately', 30));
    await waitForPath(base, 'here-cancel');
    const res = await post(base, 'here-cancel', {});
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    await expect.poll(() => succeededRows(runId, 'a'), { timeout: 15_000, interval: 50 }).toBe(1);
    expect(await ownerOf(runId)).not.toBeNull();
    await cancelRun(ctx.sql, runId);
    expect(await waitForRun(ctx.sql, runId, 20_000)).toBe('cancelled');
    expect(recorder.hits('/here-cancel/b')).toBe(0);
  });
});

function spawnServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/webhook-process.ts', url], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\S+)/.exec(out);
      if (ready) resolve({ child, base: ready[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

describe('a process killed while it executes webhook runs', () => {
  it('loses no accepted run and runs no succeeded step twice: the next worker finishes them', async () => {
    const RUNS = 6;
    await activate(pausedHook('here-kill', 'immediately', 3));
    const { child, base } = await spawnServer(t.database.url);
    let killed = false;
    try {
      await waitForPath(base, 'here-kill');
      const answers = await Promise.all(Array.from({ length: RUNS }, (_, i) => post(base, 'here-kill', { i })));
      expect(answers.map((r) => r.status)).toEqual(Array(RUNS).fill(202));
      const runIds = await Promise.all(answers.map(async (r) => ((await r.json()) as { runId: string }).runId));
      // Kill once every run stored its first step and sits in the wait.
      await expect
        .poll(async () => (await Promise.all(runIds.map((id) => succeededRows(id, 'a')))).every((n) => n === 1), {
          timeout: 30_000,
          interval: 50,
        })
        .toBe(true);
      for (const id of runIds) expect(await ownerOf(id)).not.toBeNull();
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      killed = true;

      // Its heartbeat is fresh: only the start-up check (same host, pid gone) hands the runs over.
      const successor = await startWorker({ databaseUrl: t.database.url, deadAfterMs: 3_600_000 });
      try {
        for (const id of runIds) expect(await waitForRun(ctx.sql, id, 60_000)).toBe('succeeded');
      } finally {
        await successor.stop();
      }
      expect(recorder.hits('/here-kill/a')).toBe(RUNS);
      expect(recorder.hits('/here-kill/b')).toBe(RUNS);
      for (const id of runIds) {
        for (const node of ['hook', 'a', 'pause', 'b']) expect(await succeededRows(id, node)).toBe(1);
        expect(await ownerOf(id)).toBeNull();
      }
    } finally {
      if (!killed) child.kill('SIGKILL');
    }
  });
});

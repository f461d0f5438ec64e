/**
 * /api/health and /metrics of a real web server with a real worker: the health report names
 * the database, the workers and the queue; a worker killed with SIGKILL (heartbeat 500 ms)
 * shows as not alive within two of its heartbeats, a worker stopped cleanly at once; the
 * Prometheus counters move with runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { startWebServer, type WebServer } from '../../server/http/server';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { startWorker, type WorkerHandle } from '../../server/worker/runner';
import { type Harness, killWorkerProcess, spawnWorkerProcess, startHarness } from '../helpers/harness';
import { sample } from '../helpers/prometheus';

let t: Harness;
let web: WebServer;
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness();
  web = await startWebServer({ ctx: t.ctx, host: '127.0.0.1', port: 0, noUi: true });
  api = t.api;
});

afterAll(async () => {
  await web?.close();
  await t?.stop();
});

interface Health {
  ok: boolean;
  database: { ok: boolean };
  workers: Array<{ id: string; pid: number; alive: boolean; lastSeen: string }>;
  queue: { depth: number; lagMs: number };
  problems: string[];
}

async function health(query = ''): Promise<{ status: number; body: Health }> {
  const response = await fetch(`${web.url}/api/health${query}`);
  return { status: response.status, body: (await response.json()) as Health };
}

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('health', () => {
  it('says no worker is alive, in words, while none runs', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.database.ok).toBe(true);
    expect(body.ok).toBe(false);
    expect(body.problems[0]).toMatch(/^No worker is running/);
    expect((await health('?strict')).status).toBe(503);
    // The pages' banner says the same (system.status).
    expect((await api.system.status()).problems).toEqual([expect.stringMatching(/^No worker is running: runs wait in the queue/)]);
  });

  it('reports a killed worker as not alive within two heartbeats, and queue depth and lag', async () => {
    const child = await spawnWorkerProcess(t.database.url);
    try {
      await until(async () => (await health()).body.workers.some((w) => w.pid === child.pid && w.alive));
      const alive = await health('?strict');
      expect(alive.status).toBe(200);
      expect(alive.body).toMatchObject({ ok: true, problems: [], queue: { depth: 0 } });
      child.kill('SIGKILL');
      const killedAt = Date.now();
      await until(async () => !(await health()).body.workers.find((w) => w.pid === child.pid)?.alive);
      // Two heartbeats of 500 ms, plus the time the last beat was already old (≤ one beat).
      expect(Date.now() - killedAt).toBeLessThan(30_000);
      const after = await health();
      expect(after.body.ok).toBe(false);

      // With no worker, a queued run waits: depth counts it and lag grows.
      const wf = new WorkflowBuilder('Waits');
      wf.add('manual-trigger');
      await api.runs.start({ document: wf.toDocument() });
      await until(async () => {
        const q = (await health()).body.queue;
        return q.depth === 1 && q.lagMs > 0;
      });
    } finally {
      await killWorkerProcess(child);
    }
  });
});

describe('metrics', () => {
  let worker: WorkerHandle;
  afterAll(async () => {
    await worker?.stop();
  });

  it('serves Prometheus text whose run and step counters move with runs', async () => {
    worker = await startWorker({ databaseUrl: t.database.url, concurrency: 2, heartbeatMs: 500 });
    const wf = new WorkflowBuilder('Metered');
    const start = wf.add('manual-trigger');
    const set = wf.add('set-fields', { fields: [{ name: 'a', value: '1' }] });
    wf.connect(start, set);
    const { id } = await api.workflows.create({ document: wf.toDocument() });

    const scrape = async () => {
      const response = await fetch(`${web.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      return response.text();
    };
    const before = await scrape();
    expect(before).toContain('taskmaster_process_resident_memory_bytes');
    expect(before).toContain('taskmaster_queue_depth');
    expect(before).toContain('taskmaster_active_browsers 0');
    const finishedBefore = sample(before, 'taskmaster_runs_finished_total', { workflow: 'Metered', status: 'succeeded' });
    const stepsBefore = sample(before, 'taskmaster_step_duration_seconds_count', { step_type: 'set-fields', outcome: 'succeeded' });

    for (let i = 0; i < 3; i++) {
      const { runId } = await api.runs.start({ workflowId: id });
      expect(await waitForRun(t.ctx.sql, runId, 30_000)).toBe('succeeded');
    }
    // The worker runs in this test process, so its counters are this registry's; the end is
    // counted just after it is stored, so the last one may take a moment.
    let after = '';
    await until(async () => {
      after = await scrape();
      return sample(after, 'taskmaster_runs_finished_total', { workflow: 'Metered', status: 'succeeded' }) >= finishedBefore + 3;
    });
    expect(sample(after, 'taskmaster_runs_finished_total', { workflow: 'Metered', status: 'succeeded' })).toBe(finishedBefore + 3);
    expect(sample(after, 'taskmaster_runs_started_total', { workflow: 'Metered' })).toBeGreaterThanOrEqual(3);
    expect(sample(after, 'taskmaster_step_duration_seconds_count', { step_type: 'set-fields', outcome: 'succeeded' })).toBe(
      stepsBefore + 3,
    );

    // A worker stopped cleanly is gone from the report at once.
    await worker.stop();
    expect((await health()).body.workers.filter((w) => w.alive)).toEqual([]);
  });
});

/**
 * A separate `taskmaster worker` process (the real CLI) serves its own /metrics on
 * `--metrics-port`: its run and step counters move with the runs it executes, while the test
 * process runs no worker at all.
 */
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { callerAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';
import { sample } from '../helpers/prometheus';
import { makeDataDir, spawnTaskMaster, type TaskMasterProcess } from '../helpers/start-process';

let t: Harness;
let ctx: Harness['ctx'];
let dataDir: string;
let worker: TaskMasterProcess | null = null;

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
  dataDir = await makeDataDir();
});

afterAll(async () => {
  if (worker && worker.child.exitCode === null) {
    worker.child.kill('SIGINT');
    await worker.exited;
  }
  await t?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
}, 300_000);

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('metrics of a separate worker process', () => {
  it('`taskmaster worker --metrics-port 0` serves counters that move with the runs it executes', async () => {
    worker = await spawnTaskMaster(dataDir, ['worker', '--metrics-port', '0'], {
      env: { DATABASE_URL: t.database.url },
      readyText: 'Worker running',
    });
    const url = /Metrics at (http:\/\/\S+\/metrics)/.exec(worker.output())?.[1];
    expect(url, worker.output()).toBeDefined();
    const scrape = async () => {
      const response = await fetch(url!);
      expect(response.status).toBe(200);
      return response.text();
    };
    const before = await scrape();
    expect(before).toContain('taskmaster_process_resident_memory_bytes');
    expect(sample(before, 'taskmaster_runs_finished_total', { workflow: 'Worker metered', status: 'succeeded' })).toBe(0);

    const api = await callerAs(ctx, 'owner');
    const wf = new WorkflowBuilder('Worker metered');
    wf.connect(wf.add('manual-trigger'), wf.add('set-fields', { fields: [{ name: 'a', value: '1' }] }));
    const { id } = await api.workflows.create({ document: wf.toDocument() });
    for (let i = 0; i < 2; i++) {
      const { runId } = await api.runs.start({ workflowId: id });
      expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('succeeded');
    }
    // The end is counted just after it is stored, so the last one may take a moment.
    let after = '';
    await until(async () => {
      after = await scrape();
      return sample(after, 'taskmaster_runs_finished_total', { workflow: 'Worker metered', status: 'succeeded' }) >= 2;
    });
    expect(sample(after, 'taskmaster_runs_finished_total', { workflow: 'Worker metered', status: 'succeeded' })).toBe(2);
    expect(sample(after, 'taskmaster_runs_started_total', { workflow: 'Worker metered' })).toBe(2);
    expect(sample(after, 'taskmaster_step_duration_seconds_count', { step_type: 'set-fields', outcome: 'succeeded' })).toBe(2);

    // Only /metrics is served on that port.
    expect((await fetch(url!.replace(/\/metrics$/, '/api/health'))).status).toBe(404);
  }, 240_000);
});

/**
 * A worker killed with SIGKILL in the middle of a streamed step (its pages half written, in an
 * open transaction) leaves nothing of that step behind; the next worker resumes the run from
 * the stored results (the streamed Load step's pages) and gives the same rows as a run that
 * was never interrupted. Both with the fused hand-off off (Filter reads Load's stored pages) and
 * on (Filter runs beside Load, killed while both stream: neither is stored).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { startWorker } from '../../server/worker/runner';

const ROWS = 100_000;
let t: Harness;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'streaming-crash-'));
  await mkdir(path.join(dataDir, 'files'), { recursive: true });
  const lines = Array.from({ length: ROWS }, (_, i) => `${i},g${i % 10},${(i * 7919) % 1000},item-${i}`);
  await writeFile(path.join(dataDir, 'files', 'in.csv'), `id,group,value,name\n${lines.join('\n')}\n`);
  t = await startHarness();
});

afterAll(async () => {
  await t?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function spawnWorker(url: string, fused: boolean): Promise<ChildProcess> {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/worker-process.ts', url], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TASKMASTER_DATA_DIR: dataDir, TASKMASTER_STREAM_FUSE: fused ? 'on' : 'off' },
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

/** t ─► load ─► filter ─► group ─► save, and filter ─► saveKept. */
function chain(name: string) {
  const wf = new WorkflowBuilder(name);
  const load = wf.add('load-csv', { source: 'file', path: 'in.csv' }, { id: 'load' });
  const filter = wf.add('filter', { conditions: [{ field: 'value', operator: 'gte', value: '500' }] }, { id: 'filter' });
  const group = wf.add(
    'aggregate',
    { groupBy: 'group', calculations: [{ operation: 'sum', field: 'value', outputName: 'total' }] },
    { id: 'group' },
  );
  const saveKept = wf.add('save-csv', { path: `kept-${name}.csv`, ifExists: 'overwrite' }, { id: 'saveKept' });
  wf.connect(wf.add('manual-trigger', {}, { id: 't' }), load)
    .connect(load, filter)
    .connect(filter, group)
    .connect(filter, saveKept);
  return wf.toDocument();
}

type RunResult = NonNullable<Awaited<ReturnType<typeof getRunResult>>>;

/**
 * Another worker resumes the killed run; a run of the same chain that nobody killed is the
 * reference: `compare` checks their results, and the kept rows' files must be the same.
 */
async function resumeAndCompare(runId: string, killed: string, whole: string, compare: (a: RunResult, b: RunResult) => Promise<void>) {
  const survivor = await startWorker({
    databaseUrl: t.database.url,
    filesDir: path.join(dataDir, 'files'),
    heartbeatMs: 300,
    deadAfterMs: 2000,
  });
  try {
    expect(await waitForRun(t.ctx.sql, runId, 120_000)).toBe('succeeded');
    const reference = await start(whole);
    expect(await waitForRun(t.ctx.sql, reference, 120_000)).toBe('succeeded');
    await compare((await getRunResult(t.ctx.sql, runId))!, (await getRunResult(t.ctx.sql, reference))!);
    expect(await readFile(path.join(dataDir, 'files', `kept-${killed}.csv`), 'utf8')).toBe(
      await readFile(path.join(dataDir, 'files', `kept-${whole}.csv`), 'utf8'),
    );
  } finally {
    await survivor.stop();
  }
}

const rowsOf = async (runId: string, nodeId: string) =>
  (await t.ctx.sql`select status from node_runs where run_id = ${runId} and node_id = ${nodeId}`).map((r) => String(r.status));

async function start(name: string): Promise<string> {
  const { id: workflowId } = await t.api.workflows.create({ document: chain(name) });
  return (await t.api.runs.start({ workflowId })).runId;
}

it('resumes a run whose worker was killed in the middle of a streamed step, with the same rows', async () => {
  const child = await spawnWorker(t.database.url, false);
  const runId = await start('killed');
  // Load's pages are committed; Filter is streaming (announced, not stored) when the worker dies.
  await expect.poll(() => rowsOf(runId, 'load'), { timeout: 120_000, interval: 20 }).toEqual(['succeeded']);
  await expect
    .poll(async () => (await t.ctx.sql`select 1 from node_starts where run_id = ${runId} and node_id = 'filter'`).length, {
      timeout: 60_000,
      interval: 5,
    })
    .toBe(1);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  expect(await rowsOf(runId, 'filter')).toEqual([]);

  await resumeAndCompare(runId, 'killed', 'whole', async (a, b) => {
    expect(a.nodes.filter.outputCounts).toEqual(b.nodes.filter.outputCounts);
    expect(JSON.stringify(a.nodes.filter.output)).toBe(JSON.stringify(b.nodes.filter.output));
    expect(a.nodes.group.output).toEqual(b.nodes.group.output);
  });
  // Load was not run again; Filter ran once to the end (its killed attempt left no row).
  expect(await rowsOf(runId, 'load')).toEqual(['succeeded']);
  expect(await rowsOf(runId, 'filter')).toEqual(['succeeded']);
}, 300_000);

it('resumes a run whose worker was killed while a fused Filter streamed beside Load, with the same rows', async () => {
  const child = await spawnWorker(t.database.url, true);
  const runId = await start('killed-fused');
  // Load is announced (streaming, Filter beside it) when the worker dies.
  await expect
    .poll(async () => (await t.ctx.sql`select 1 from node_starts where run_id = ${runId} and node_id = 'load'`).length, {
      timeout: 60_000,
      interval: 5,
    })
    .toBe(1);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  // Each step's whole output or nothing, and Filter never without Load.
  const [load, filter] = [await rowsOf(runId, 'load'), await rowsOf(runId, 'filter')];
  expect([[], ['succeeded']]).toContainEqual(load);
  expect(filter.length === 0 || load.length === 1).toBe(true);
  expect((await t.ctx.sql`select 1 from node_runs where run_id = ${runId} and status = 'running'`).length).toBe(0);

  await resumeAndCompare(runId, 'killed-fused', 'whole-fused', async (a, b) => {
    for (const id of ['load', 'filter', 'group']) {
      expect(a.nodes[id].outputCounts).toEqual(b.nodes[id].outputCounts);
      expect(JSON.stringify(a.nodes[id].output)).toBe(JSON.stringify(b.nodes[id].output));
    }
  });
  expect(await rowsOf(runId, 'load')).toEqual(['succeeded']);
  expect(await rowsOf(runId, 'filter')).toEqual(['succeeded']);
}, 300_000);

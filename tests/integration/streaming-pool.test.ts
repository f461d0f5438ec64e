/**
 * Streamed steps on a worker with few database connections: several runs at once, each streaming
 * 10,000 rows through Load CSV → Filter → Save CSV, all finish. A streamed step keeps a connection
 * for its output's transaction while it reads its input pages through a pool: if the connections
 * it keeps and the ones it reads through were the same pool, enough such steps at once could keep
 * every connection and none could read on (today outputs are kept on the asynchronous-commit pool
 * and inputs read on the other; this guards that).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { startHarness, type Harness } from '../helpers/harness';

const ROWS = 10_000;
const RUNS = 4;
let t: Harness;
let filesDir: string;

beforeAll(async () => {
  filesDir = await mkdtemp(path.join(tmpdir(), 'streaming-pool-'));
  const lines = Array.from({ length: ROWS }, (_, i) => `${i},g${i % 10},${(i * 7919) % 1000}`);
  await writeFile(path.join(filesDir, 'rows.csv'), `id,group,value\n${lines.join('\n')}\n`);
  // 8 connections for the worker: 2 for run results (server/db/budget.ts), fewer than the runs at once.
  t = await startHarness({ worker: { concurrency: RUNS, connections: 8, filesDir } });
});

afterAll(async () => {
  await t?.stop();
  await rm(filesDir, { recursive: true, force: true });
});

describe('streamed steps with few connections', () => {
  it(`finishes ${RUNS} runs at once that each stream ${ROWS.toLocaleString('en')} rows into a file`, async () => {
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      //  start ─► load rows.csv ─► keep value ≥ 0 (all) ─► save copy-i.csv
      const wf = new WorkflowBuilder(`Copy ${i}`);
      const start = wf.add('manual-trigger', {}, { id: 't' });
      const load = wf.add('load-csv', { source: 'file', path: 'rows.csv' }, { id: 'load' });
      const keep = wf.add('filter', { conditions: [{ field: 'value', operator: 'gte', value: '0' }] }, { id: 'keep' });
      const save = wf.add('save-csv', { path: `copy-${i}.csv`, ifExists: 'overwrite' }, { id: 'save' });
      wf.connect(start, load).connect(load, keep).connect(keep, save);
      const { id: workflowId } = await t.api.workflows.create({ document: wf.toDocument() });
      runIds.push((await t.api.runs.start({ workflowId })).runId);
    }
    const ends = await Promise.all(runIds.map((id) => waitForRun(t.ctx.sql, id, 120_000)));
    expect(ends).toEqual(Array(RUNS).fill('succeeded'));
    for (let i = 0; i < RUNS; i++) {
      const saved = await readFile(path.join(filesDir, `copy-${i}.csv`), 'utf8');
      expect(saved.trim().split('\n')).toHaveLength(ROWS + 1);
    }
  });
});

/**
 * Sort past its in-memory limit in a real run (worker + Postgres): Load CSV → Sort, streamed,
 * with the limit lowered so the sort writes its parts to the worker's temporary folder, gives
 * exactly the rows of the same workflow with every step in memory, and leaves that folder empty.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { waitForRun } from '../../server/db/runs';
import { spillSettings } from '../../nodes/lib/external-sort';

const ROWS = 2500;
let t: Harness;
let dir: string;
const defaultRunItems = spillSettings.runItems;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sort-spill-run-'));
  await writeFile(
    path.join(dir, 'in.csv'),
    `id,group,value\n${Array.from({ length: ROWS }, (_, i) => `${i},g${(i * 7) % 4},${(i * 7919) % 97}`).join('\n')}\n`,
  );
  t = await startHarness({ worker: { concurrency: 1, filesDir: dir, tempDir: path.join(dir, 'tmp') } });
});

afterAll(async () => {
  spillSettings.runItems = defaultRunItems;
  await t?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function sorted(durability: 'node' | 'end') {
  const wf = new WorkflowBuilder(`Sort spill ${durability}`);
  const start = wf.add('manual-trigger', {}, { id: 't' });
  const load = wf.add('load-csv', { source: 'file', path: 'in.csv' }, { id: 'load' });
  const sort = wf.add(
    'sort',
    {
      keys: [
        { field: 'group', direction: 'desc' },
        { field: 'value', direction: 'asc' },
      ],
    },
    { id: 'sort' },
  );
  wf.connect(start, load).connect(load, sort);
  const doc = wf.toDocument();
  const { id: workflowId } = await t.api.workflows.create({ document: { ...doc, settings: { ...doc.settings, durability } } });
  const { runId } = await t.api.runs.start({ workflowId });
  expect(await waitForRun(t.ctx.sql, runId, 120_000)).toBe('succeeded');
  return (await getRunResult(t.ctx.sql, runId))!.nodes.sort;
}

it('sorts in parts on disk exactly as in memory, and leaves no temporary file', async () => {
  spillSettings.runItems = 300;
  const streamed = await sorted('node');
  const whole = await sorted('end');
  expect(streamed.outputCounts).toEqual({ main: ROWS });
  expect(JSON.stringify(streamed.output)).toBe(JSON.stringify(whole.output));
  // The folder exists only because the sort made it for its parts; they are gone.
  expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
}, 300_000);

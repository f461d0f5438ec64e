/**
 * A chain of streamed steps (Load CSV → Filter → Aggregate / Save CSV) through the real worker
 * and Postgres gives exactly the rows of the same chain run with all items in memory. The
 * reference run keeps its results until the end (durability "end"), where no step streams.
 * Also in the workflow: a step that needs all its items (Sort) and one whose expression reads
 * `$node`, both after a streamed step whose output went to pages.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { waitForRun } from '../../server/db/runs';

let t: Harness;
let filesDir: string;

beforeAll(async () => {
  filesDir = await mkdtemp(path.join(tmpdir(), 'streaming-files-'));
  t = await startHarness({ worker: { concurrency: 2, filesDir } });
});

afterAll(async () => {
  await t?.stop();
  await rm(filesDir, { recursive: true, force: true });
});

const RUN_TIMEOUT = 180_000;

function chain(durability: 'node' | 'end', n: number) {
  const wf = new WorkflowBuilder(`Streamed chain ${durability} ${n}`);
  const start = wf.add('manual-trigger', {}, { id: 't' });
  const load = wf.add('load-csv', { source: 'file', path: `in-${n}.csv` }, { id: 'load' });
  const filter = wf.add('filter', { conditions: [{ field: 'value', operator: 'gte', value: '500' }] }, { id: 'filter' });
  const group = wf.add(
    'aggregate',
    {
      groupBy: 'group',
      calculations: [
        { operation: 'count', field: '', outputName: 'rows' },
        { operation: 'sum', field: 'value', outputName: 'total' },
      ],
    },
    { id: 'group' },
  );
  const saveKept = wf.add('save-csv', { path: `kept-${durability}-${n}.csv`, ifExists: 'overwrite' }, { id: 'saveKept' });
  const sort = wf.add('sort', { keys: [{ field: 'name', direction: 'desc' }] }, { id: 'sort' });
  const named = wf.add('set-fields', { fields: [{ name: 'kept', value: '{{ $node["filter"].items.length }}' }] }, { id: 'named' });
  wf.connect(start, load)
    .connect(load, filter)
    .connect(filter, group)
    .connect(filter, saveKept)
    .connect(filter, sort, { output: 'discarded' });
  wf.connect(group, named);
  const doc = wf.toDocument();
  return { ...doc, settings: { ...doc.settings, durability } };
}

async function runChain(durability: 'node' | 'end', n: number) {
  const { id: workflowId } = await t.api.workflows.create({ document: chain(durability, n) });
  const { runId } = await t.api.runs.start({ workflowId });
  expect(await waitForRun(t.ctx.sql, runId, RUN_TIMEOUT)).toBe('succeeded');
  const result = await getRunResult(t.ctx.sql, runId);
  const saved = await readFile(path.join(filesDir, `kept-${durability}-${n}.csv`), 'utf8');
  return { runId, result: result!, saved };
}

describe.each([25, 1001, 100_000])('a streamed chain over %i rows', (n) => {
  beforeAll(async () => {
    const lines = Array.from({ length: n }, (_, i) => `${i},g${i % 10},${(i * 7919) % 1000},item-${i}`);
    await writeFile(path.join(filesDir, `in-${n}.csv`), `id,group,value,name\n${lines.join('\n')}\n`);
  });

  it(
    'gives exactly the rows of the same chain with all items in memory',
    async () => {
      const streamed = await runChain('node', n);
      const whole = await runChain('end', n);
      for (const id of ['load', 'filter', 'group', 'saveKept', 'sort', 'named']) {
        const a = streamed.result.nodes[id];
        const b = whole.result.nodes[id];
        expect({ id, status: a.status, counts: a.outputCounts }).toEqual({ id, status: b.status, counts: b.outputCounts });
        // The saved file's item names its own path; everything else must match.
        if (id === 'saveKept') expect(a.output.main[0].rows).toBe(b.output.main[0].rows);
        else {
          expect(a.output).toEqual(b.output);
          // Fields in the order the step made them, too (the saved file's columns follow it).
          expect(JSON.stringify(a.output)).toBe(JSON.stringify(b.output));
        }
      }
      expect(streamed.saved).toBe(whole.saved);
      expect(streamed.result.nodes.named.output.main[0].kept).toBe(streamed.result.nodes.filter.outputCounts.main);
      // The inspector reads the streamed output page by page, like any other.
      const last = await t.api.runs.outputPage({ runId: streamed.runId, nodeId: 'load', offset: n - 1, limit: 1 });
      expect(last).toMatchObject({
        items: [{ id: String(n - 1), group: `g${(n - 1) % 10}`, value: String(((n - 1) * 7919) % 1000), name: `item-${n - 1}` }],
        total: n,
      });
    },
    2 * RUN_TIMEOUT,
  );
});

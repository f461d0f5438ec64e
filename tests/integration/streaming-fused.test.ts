/**
 * Fused hand-off (server/worker/stream-fuse.ts): a streamed step's successor that streams too
 * runs beside it and gets its pages from memory. Checked against the same workflow run with the
 * hand-off off (TASKMASTER_STREAM_FUSE=off, read when a step starts): the same stored rows,
 * pages and outputs; a step failing in the middle of the chain leaves nothing of itself stored,
 * as unfused; a step started ahead is never stored before the one it reads from.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  filesDir = await mkdtemp(path.join(tmpdir(), 'streaming-fused-'));
  t = await startHarness({ worker: { concurrency: 2, filesDir } });
});

afterAll(async () => {
  delete process.env.TASKMASTER_STREAM_FUSE;
  await t?.stop();
  await rm(filesDir, { recursive: true, force: true });
});

const RUN_TIMEOUT = 180_000;
const IDS = ['load', 'filter', 'rename', 'fix', 'group'];

/** t ─► load ─► filter ─► rename ─► fix types ─► group: every step after Load can be fused. */
function chain(name: string, file: string) {
  const wf = new WorkflowBuilder(name);
  const start = wf.add('manual-trigger', {}, { id: 't' });
  const load = wf.add('load-csv', { source: 'file', path: file }, { id: 'load' });
  const filter = wf.add('filter', { conditions: [{ field: 'group', operator: 'notEquals', value: 'g3' }] }, { id: 'filter' });
  const rename = wf.add('rename-columns', { renames: [{ from: 'value', to: 'amount' }] }, { id: 'rename' });
  const fix = wf.add('fix-types', { mode: 'columns', columns: [{ column: 'amount', type: 'number' }], onInvalid: 'fail' }, { id: 'fix' });
  const group = wf.add(
    'aggregate',
    {
      groupBy: 'group',
      calculations: [
        { operation: 'count', field: '', outputName: 'rows' },
        { operation: 'sum', field: 'amount', outputName: 'total' },
      ],
    },
    { id: 'group' },
  );
  wf.connect(start, load).connect(load, filter).connect(filter, rename).connect(rename, fix).connect(fix, group);
  return wf.toDocument();
}

async function run(name: string, file: string, fused: boolean) {
  if (fused) delete process.env.TASKMASTER_STREAM_FUSE;
  else process.env.TASKMASTER_STREAM_FUSE = 'off';
  try {
    const { id: workflowId } = await t.api.workflows.create({ document: chain(name, file) });
    const { runId } = await t.api.runs.start({ workflowId });
    const status = await waitForRun(t.ctx.sql, runId, RUN_TIMEOUT);
    return { runId, status };
  } finally {
    delete process.env.TASKMASTER_STREAM_FUSE;
  }
}

/** Every stored attempt of a run: step, attempt, status, pages and items stored. */
async function storedRows(runId: string) {
  const rows = await t.ctx.sql`
    select r.node_id, r.attempt, r.status, r.output_counts::text as counts, r.input_counts::text as inputs,
      count(p.page)::int as pages, coalesce(sum(json_array_length(p.items)), 0)::int as items
    from node_runs r left join node_output_pages p on p.node_run_id = r.id
    where r.run_id = ${runId}
    group by r.id order by r.node_id, r.attempt`;
  return rows.map((r) => ({ ...r }));
}

/** The steps' time spans: a fused step starts before the one before it has finished. */
async function spans(runId: string) {
  const rows = await t.ctx.sql`
    select node_id, started_at, finished_at from node_runs where run_id = ${runId} and status = 'succeeded'`;
  return new Map(rows.map((r) => [String(r.node_id), { start: new Date(r.started_at).getTime(), end: new Date(r.finished_at).getTime() }]));
}

describe.each([25, 1001, 100_000])('a fused chain over %i rows', (n) => {
  beforeAll(async () => {
    const lines = Array.from({ length: n }, (_, i) => `${i},g${i % 10},${(i * 7919) % 1000},item-${i}`);
    await writeFile(path.join(filesDir, `in-${n}.csv`), `id,group,value,name\n${lines.join('\n')}\n`);
  });

  it(
    'stores exactly the rows and pages of the same chain run unfused, each step after the one it reads',
    async () => {
      const fused = await run(`fused ${n}`, `in-${n}.csv`, true);
      const plain = await run(`plain ${n}`, `in-${n}.csv`, false);
      expect([fused.status, plain.status]).toEqual(['succeeded', 'succeeded']);
      expect(await storedRows(fused.runId)).toEqual(await storedRows(plain.runId));
      const [a, b] = [(await getRunResult(t.ctx.sql, fused.runId))!, (await getRunResult(t.ctx.sql, plain.runId))!];
      for (const id of IDS) expect(JSON.stringify(a.nodes[id].output)).toBe(JSON.stringify(b.nodes[id].output));
      // Fused: Filter started while Load was still running; every step finished after the one before it.
      const s = await spans(fused.runId);
      expect(s.get('filter')!.start).toBeLessThan(s.get('load')!.end);
      for (const [before, after] of [
        ['load', 'filter'],
        ['filter', 'rename'],
        ['rename', 'fix'],
        ['fix', 'group'],
      ]) {
        expect(s.get(after)!.end).toBeGreaterThanOrEqual(s.get(before)!.end);
      }
    },
    2 * RUN_TIMEOUT,
  );
});

describe('a failing step in a fused chain', () => {
  const ROWS = 100_000;
  beforeAll(async () => {
    // Row 60,000's value is not a number: Fix types fails there, with 54 pages of its output made.
    const lines = Array.from({ length: ROWS }, (_, i) => `${i},g${i % 10},${i === 60_000 ? 'many' : (i * 7919) % 1000},item-${i}`);
    await writeFile(path.join(filesDir, 'bad-value.csv'), `id,group,value,name\n${lines.join('\n')}\n`);
    // A quote never closed near the end: Load fails after handing on most of its pages.
    const broken = lines.map((line, i) => (i === ROWS - 10 ? `${i},g0,"500,item` : line));
    await writeFile(path.join(filesDir, 'broken.csv'), `id,group,value,name\n${broken.join('\n')}\n`);
  });

  it(
    'keeps the whole output of the steps before it and nothing of itself or after it, as unfused',
    async () => {
      const fused = await run('fails fused', 'bad-value.csv', true);
      const plain = await run('fails plain', 'bad-value.csv', false);
      expect([fused.status, plain.status]).toEqual(['failed', 'failed']);
      const rows = await storedRows(fused.runId);
      expect(rows).toEqual(await storedRows(plain.runId));
      expect(rows.map((r) => [r.node_id, r.status, r.pages])).toEqual([
        ['filter', 'succeeded', 100], // 90 kept, 10 discarded
        ['fix', 'failed', 0],
        ['load', 'succeeded', 100],
        ['rename', 'succeeded', 90],
        ['t', 'succeeded', 0],
      ]);
    },
    2 * RUN_TIMEOUT,
  );

  it(
    'stores nothing of the steps started ahead when the first step fails at the end of its input',
    async () => {
      const fused = await run('load fails fused', 'broken.csv', true);
      const plain = await run('load fails plain', 'broken.csv', false);
      expect([fused.status, plain.status]).toEqual(['failed', 'failed']);
      const rows = await storedRows(fused.runId);
      expect(rows).toEqual(await storedRows(plain.runId));
      expect(rows.map((r) => [r.node_id, r.status, r.pages])).toEqual([
        ['load', 'failed', 0],
        ['t', 'succeeded', 0],
      ]);
      // No transaction of a step started ahead is left open.
      const open = await t.ctx.sql`select count(*)::int as n from node_runs where run_id = ${fused.runId} and status = 'running'`;
      expect(open[0].n).toBe(0);
    },
    2 * RUN_TIMEOUT,
  );
});

/**
 * engine-chain: per-node overhead of a durable run. A 100-node chain of no-op nodes against a
 * 1-node flow, one worker, sequential runs: (median₁₀₀ − median₁) / 99. In the same run, the
 * floor: a bare INSERT commit, an INSERT+UPDATE transaction, graphile-worker's add→start latency.
 */
import { waitForRun } from '../server/db/runs';
import type { WorkflowDocument } from '../server/engine/document';
import { WorkflowBuilder } from '../server/sdk/builder';
import { appContextFor } from '../server/services/context';
import { startDocumentRun } from '../server/services/runs';
import { startWorker } from '../server/worker/runner';
import { benchDatabase, median } from './lib/setup';
import { report } from './lib/report';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);

function chain(n: number, durability: 'node' | 'end'): WorkflowDocument {
  const wf = new WorkflowBuilder(`chain-${n}`);
  let prev = wf.add('manual-trigger');
  for (let i = 1; i < n; i++) {
    const next = wf.add('no-op');
    wf.connect(prev, next);
    prev = next;
  }
  return { ...wf.toDocument(), settings: { durability } };
}

async function timeRuns(ctx: ReturnType<typeof appContextFor>, doc: WorkflowDocument, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count + 10; i++) {
    const t0 = performance.now();
    const runId = await startDocumentRun(ctx, doc);
    await waitForRun(ctx.sql, runId);
    if (i >= 10) times.push(performance.now() - t0); // first 10: warm-up
  }
  return times;
}

async function floor(sql: ReturnType<typeof appContextFor>['sql']) {
  await sql`create table if not exists bench_floor (id serial primary key, v jsonb)`;
  const insert: number[] = [];
  const txn: number[] = [];
  for (let i = 0; i < 300; i++) {
    let t0 = performance.now();
    await sql`insert into bench_floor (v) values ('{"a":1}')`;
    insert.push(performance.now() - t0);
    t0 = performance.now();
    await sql.begin(async (tx) => {
      const [row] = await tx`insert into bench_floor (v) values ('{"a":1}') returning id`;
      await tx`update bench_floor set v = '{"a":2}' where id = ${row.id}`;
    });
    txn.push(performance.now() - t0);
  }
  return { insert: median(insert.slice(50)), txn: median(txn.slice(50)) };
}

const db = await benchDatabase();
const ctx = appContextFor(db);
const worker = await startWorker({ databaseUrl: db.url, concurrency: 1, filesDir: db.dir });
try {
  const f = await floor(ctx.sql);
  const rows: Array<Record<string, string | number>> = [];
  for (const durability of ['node', 'end'] as const) {
    const one = median(await timeRuns(ctx, chain(1, durability), RUNS));
    const hundred = median(await timeRuns(ctx, chain(100, durability), RUNS));
    const perNode = (hundred - one) / 99;
    rows.push({
      durability,
      'median 1-node run (ms)': +one.toFixed(2),
      'median 100-node run (ms)': +hundred.toFixed(2),
      'per-node overhead (ms)': +perNode.toFixed(3),
      'overhead / INSERT commit': +(perNode / f.insert).toFixed(2),
    });
  }
  rows.push({ durability: 'floor: INSERT commit (ms)', 'median 1-node run (ms)': +f.insert.toFixed(3) });
  rows.push({ durability: 'floor: INSERT+UPDATE txn (ms)', 'median 1-node run (ms)': +f.txn.toFixed(3) });
  report('engine-chain', rows, { runs: RUNS });
} finally {
  await worker.stop();
  await db.close();
}

/**
 * engine-chain: per-node overhead of a run. A 100-node chain of no-op nodes against a 1-node
 * flow, one worker, sequential runs: (median₁₀₀ − median₁) / 99, for durability `node` and
 * `end`. Floors in the same run: an INSERT commit (sampled every 10 runs, so over the same
 * minutes as the runs), an INSERT+UPDATE transaction,
 * graphile-worker's add→start latency, and the node call alone (no database).
 * With --peers: the same chains in n8n and Node-RED, called over HTTP.
 */
import path from 'node:path';
import noOp from '../nodes/no-op';
import { waitForRun } from '../server/db/runs';
import type { WorkflowDocument } from '../core/document';
import { WorkflowBuilder } from '../server/sdk/builder';
import { appContextFor } from '../server/context';
import { startDocumentRun } from '../server/services/runs';
import { commitFloor, floorSamples, nodeCallFloor, queueLatencyFloor } from './lib/floors';
import { benchDatabase, median } from './lib/setup';
import { r2, r3, ratio, report, type Row } from './lib/report';
import { peerChainPerNode } from './peers';
import { serverModuleUrl } from './lib/compiled';

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

/** Run times; every 10 runs, INSERT commits are timed into `floor` (the same minutes). */
async function timeRuns(ctx: ReturnType<typeof appContextFor>, doc: WorkflowDocument, count: number, floor: number[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count + 10; i++) {
    const t0 = performance.now();
    const runId = await startDocumentRun(ctx, doc);
    await waitForRun(ctx.sql, runId);
    if (i >= 10) times.push(performance.now() - t0); // first 10: warm-up
    if (i % 10 === 9) floor.push(...(await floorSamples(ctx.sql)));
  }
  return times;
}

// The worker as `npm start` runs it: compiled (bench/lib/compiled.ts).
const { startWorker } = (await import(
  await serverModuleUrl(path.resolve(import.meta.dirname, '..'), 'server/worker/runner.ts')
)) as typeof import('../server/worker/runner');
const db = await benchDatabase();
const ctx = appContextFor(db);
const worker = await startWorker({ databaseUrl: db.url, concurrency: 1, filesDir: db.dir });
const rows: Row[] = [];
try {
  const f = await commitFloor(ctx.sql);
  const queue = await queueLatencyFloor(db.url, ctx.sql);
  const call = await nodeCallFloor(noOp);
  for (const durability of ['node', 'end'] as const) {
    const floor: number[] = [];
    const one = median(await timeRuns(ctx, chain(1, durability), RUNS, floor));
    const hundred = median(await timeRuns(ctx, chain(100, durability), RUNS, floor));
    const perNode = (hundred - one) / 99;
    const insert = median(floor);
    rows.push({
      tool: 'TaskMaster',
      variant: `durability ${durability}`,
      'median 1-node run (ms)': r2(one),
      'median 100-node run (ms)': r2(hundred),
      'per-node (ms)': r3(perNode),
      'INSERT commit meanwhile (ms)': r3(insert),
      'per-node / INSERT commit': ratio(perNode, insert),
      '1-node run / queue add→start': ratio(one, queue),
    });
  }
  rows.push({ tool: 'floor', variant: 'INSERT commit (fsync on)', 'per-node (ms)': r3(f.insert) });
  rows.push({ tool: 'floor', variant: 'INSERT+UPDATE transaction', 'per-node (ms)': r3(f.txn) });
  rows.push({ tool: 'floor', variant: 'graphile-worker add→start', 'median 1-node run (ms)': r3(queue) });
  rows.push({ tool: 'floor', variant: 'no-op executeAttempt, in process (mean)', 'per-node (ms)': r3(call) });
} finally {
  await worker.stop();
  await db.close();
}
rows.push(...(await peerChainPerNode(RUNS)));
report('engine-chain', rows, { runs: RUNS });

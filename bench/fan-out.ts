/**
 * fan-out: a trigger feeding 50 parallel no-op nodes, all feeding one join node (a no-op whose
 * one input receives all 50). Total run time and time per node = (T_fan-out − T_1-node) / 51,
 * for durability `node` and `end`. Floors in the same run: INSERT commits timed every 10 runs, and 51 INSERT commits one after another and 8 at a time (the engine runs at most 8
 * nodes of a run at once).
 * With --peers: Node-RED's http in → 50 change nodes → join (50 messages) → http response.
 */
import { waitForRun } from '../server/db/runs';
import type { WorkflowDocument } from '../core/document';
import { WorkflowBuilder } from '../server/sdk/builder';
import { appContextFor } from '../server/context';
import { startDocumentRun } from '../server/services/runs';
import { startWorker } from '../server/worker/runner';
import { commitFloor, floorSamples, parallelInsertFloor } from './lib/floors';
import { sequential } from './lib/load';
import { benchDatabase, median } from './lib/setup';
import { r2, r3, ratio, report, type Row } from './lib/report';
import { forEachPeer } from './peers';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WIDTH = 50;

function fanOut(width: number, durability: 'node' | 'end'): WorkflowDocument {
  const wf = new WorkflowBuilder(`fan-out-${width}`);
  const start = wf.add('manual-trigger');
  if (width > 0) {
    const join = wf.add('no-op', {}, { name: 'join' });
    for (let i = 0; i < width; i++) {
      const branch = wf.add('no-op');
      wf.connect(start, branch).connect(branch, join);
    }
  }
  return { ...wf.toDocument(), settings: { durability } };
}

/** Median run time; every 10 runs, INSERT commits are timed into `floor` (same minutes). */
async function medianRun(ctx: ReturnType<typeof appContextFor>, doc: WorkflowDocument, floor: number[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 10; i++) {
    const t0 = performance.now();
    await waitForRun(ctx.sql, await startDocumentRun(ctx, doc));
    if (i >= 10) times.push(performance.now() - t0);
    if (i % 10 === 9) floor.push(...(await floorSamples(ctx.sql)));
  }
  return median(times);
}

const db = await benchDatabase();
const ctx = appContextFor(db);
const worker = await startWorker({ databaseUrl: db.url, concurrency: 1, filesDir: db.dir });
const rows: Row[] = [];
try {
  await commitFloor(ctx.sql, 60); // creates the floor table, warms the connection
  const serial = await parallelInsertFloor(ctx.sql, WIDTH + 1, 1);
  const parallel = await parallelInsertFloor(ctx.sql, WIDTH + 1, 8);
  for (const durability of ['node', 'end'] as const) {
    const floor: number[] = [];
    const one = await medianRun(ctx, fanOut(0, durability), floor);
    const total = await medianRun(ctx, fanOut(WIDTH, durability), floor);
    const perNode = (total - one) / (WIDTH + 1);
    const insert = median(floor);
    rows.push({
      tool: 'TaskMaster',
      variant: `durability ${durability}`,
      'median 1-node run (ms)': r2(one),
      'median fan-out run (ms)': r2(total),
      'per-node (ms)': r3(perNode),
      'INSERT commit meanwhile (ms)': r3(insert),
      'per-node / INSERT commit': ratio(perNode, insert),
      'fan-out / 51 INSERTs 8 at a time': ratio(total - one, parallel),
    });
  }
  rows.push({
    tool: 'floor',
    variant: '51 INSERT commits, one at a time',
    'median fan-out run (ms)': r2(serial),
    'per-node (ms)': r3(serial / (WIDTH + 1)),
  });
  rows.push({
    tool: 'floor',
    variant: '51 INSERT commits, 8 at a time',
    'median fan-out run (ms)': r2(parallel),
    'per-node (ms)': r3(parallel / (WIDTH + 1)),
  });
} finally {
  await worker.stop();
  await db.close();
}
rows.push(
  ...(await forEachPeer(
    async (peer) => {
      const one = await sequential(peer.hookUrl('chain-1'), RUNS);
      const fan = await sequential(peer.hookUrl('fanout-50'), RUNS);
      return [
        {
          tool: `${peer.name} ${peer.version}`,
          variant: 'http in → 50 change → join, over HTTP',
          'median 1-node run (ms)': r2(one.median),
          'median fan-out run (ms)': r2(fan.median),
          'per-node (ms)': r3((fan.median - one.median) / WIDTH),
          errors: one.errors + fan.errors,
        },
      ];
    },
    { n8n: 'no n8n node joins 50 branches (Merge takes at most 10 inputs)' },
  )),
);
report('fan-out', rows, { runs: RUNS, width: WIDTH });

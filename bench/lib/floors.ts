/**
 * Floors measured in the same run as the figure they bound: what the database and the queue
 * cost at least on this machine right now, so ratios stay meaningful on a busy machine.
 */
import { run, Logger } from 'graphile-worker';
import type { Sql } from 'postgres';
import type { NodeDefinition } from '../../nodes/types';
import { workflowNodeSchema } from '../../core/document';
import { executeAttempt } from '../../server/worker/execute-node';
import { median } from './setup';

/**
 * Five autocommit INSERTs, timed, after a short pause (so the worker's own end-of-run commit
 * is not in the way). Taken between measured runs, the floor is sampled over the same minutes
 * as the figure: the load of a shared machine drifts.
 */
export async function floorSamples(sql: Sql): Promise<number[]> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  const out: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await sql`insert into bench_floor (v) values ('{"a":1}')`;
    out.push(performance.now() - t0);
  }
  return out;
}

/** Median ms of an autocommit INSERT and of an INSERT+UPDATE transaction (fsync on). */
export async function commitFloor(sql: Sql, count = 300): Promise<{ insert: number; txn: number }> {
  await sql`create table if not exists bench_floor (id serial primary key, v jsonb)`;
  const insert: number[] = [];
  const txn: number[] = [];
  for (let i = 0; i < count; i++) {
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

/** Median ms for `n` autocommit INSERTs issued `parallel` at a time (group commit helps). */
export async function parallelInsertFloor(sql: Sql, n: number, parallel: number, repeats = 30): Promise<number> {
  await sql`create table if not exists bench_floor (id serial primary key, v jsonb)`;
  const times: number[] = [];
  for (let r = 0; r < repeats + 5; r++) {
    const t0 = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < n) {
        next++;
        await sql`insert into bench_floor (v) values ('{"a":1}')`;
      }
    };
    await Promise.all(Array.from({ length: parallel }, lane));
    if (r >= 5) times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * graphile-worker's add→start latency: a job added with add_job (as TaskMaster queues a run)
 * until its task starts in a runner with TaskMaster's worker settings. Median ms.
 */
export async function queueLatencyFloor(databaseUrl: string, sql: Sql, count = 100): Promise<number> {
  let started: (() => void) | null = null;
  const runner = await run({
    connectionString: databaseUrl,
    concurrency: 1,
    noHandleSignals: true,
    pollInterval: 1000,
    parsedCronItems: [],
    taskList: { bench_ping: async () => started?.() },
    logger: new Logger(() => () => {}),
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < count + 10; i++) {
      const t0 = performance.now();
      const done = new Promise<void>((resolve) => (started = resolve));
      await sql`select graphile_worker.add_job('bench_ping', '{}'::json)`;
      await done;
      if (i >= 10) times.push(performance.now() - t0);
    }
  } finally {
    await runner.stop();
  }
  return median(times);
}

/** Median ms per call of a node's executeAttempt in this process: no database, no queue. */
export async function nodeCallFloor(def: NodeDefinition, count = 5000): Promise<number> {
  const node = workflowNodeSchema.parse({ id: 'n1', type: def.id, name: 'floor' });
  const env = {
    run: { id: 'run_floor', workflowId: null },
    startedAt: new Date().toISOString(),
    trigger: null,
    upstream: new Map(),
    runSignal: new AbortController().signal,
    dataDir: '/tmp',
    fetch: globalThis.fetch,
  };
  const inputs = { main: [{ a: 1 }] };
  for (let i = 0; i < 500; i++) await executeAttempt(def, node, inputs, env);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await executeAttempt(def, node, inputs, env);
  return (performance.now() - t0) / count;
}

/**
 * A/B of the engine's per-node overhead: the engine of another checkout (BENCH_BASE, e.g. an
 * export of an older commit: `git archive <commit> | tar -x -C /tmp/base` plus a node_modules
 * link) and this one, each with its own embedded Postgres and worker, in ONE process, with
 * blocks of runs alternating between them, so both see the same machine load (the machine is
 * shared: figures of runs minutes apart are not comparable). WIDTH=50 measures a fan-out
 * instead of the 100-node chain. Each worker runs compiled when its checkout compiles the server
 * (bench/lib/compiled.ts; BENCH_TSX=1: both through tsx).
 * `node --no-node-snapshot --import tsx bench/ab/chain.ts`
 */
import path from 'node:path';
import { waitForRun } from '../../server/db/runs';
import type { WorkflowDocument } from '../../core/document';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { appContextFor } from '../../server/context';
import { startDocumentRun } from '../../server/services/runs';
import { benchDatabase, median } from '../lib/setup';
import { floorSamples } from '../lib/floors';
import { serverModuleUrl } from '../lib/compiled';
const BASE = process.env.BENCH_BASE ?? '/tmp/base';
const ROOT = path.resolve(import.meta.dirname, '..', '..');
// Each side's worker as its `npm start` runs it (compiled, where that checkout compiles its server).
type StartWorker = typeof import('../../server/worker/runner').startWorker;
const { startWorker: startBase } = (await import(await serverModuleUrl(BASE, 'server/worker/runner.ts'))) as { startWorker: StartWorker };
const { startWorker: startMain } = (await import(await serverModuleUrl(ROOT, 'server/worker/runner.ts'))) as { startWorker: StartWorker };
const ROUNDS = Number(process.env.ROUNDS ?? 12),
  BLOCK = Number(process.env.BLOCK ?? 10);
const width = Number(process.env.WIDTH ?? 0); // 0: chain; >0: fan-out of this width + join
function chain(n: number, durability: 'node' | 'end'): WorkflowDocument {
  const wf = new WorkflowBuilder(`chain-${n}`);
  let prev = wf.add('manual-trigger');
  if (width > 0 && n > 1) {
    const join = wf.add('no-op');
    for (let i = 0; i < width; i++) {
      const b = wf.add('no-op');
      wf.connect(prev, b);
      wf.connect(b, join);
    }
    return { ...wf.toDocument(), settings: { durability } };
  }
  for (let i = 1; i < n; i++) {
    const next = wf.add('no-op');
    wf.connect(prev, next);
    prev = next;
  }
  return { ...wf.toDocument(), settings: { durability } };
}
const sides: Record<string, { ctx: ReturnType<typeof appContextFor>; stop(): Promise<void>; close(): Promise<void> }> = {};
for (const [name, start] of [
  ['base', startBase],
  ['main', startMain],
] as const) {
  const db = await benchDatabase();
  const ctx = appContextFor(db);
  // This checkout's database handle gives its Unix-socket address (server/db/pg-socket.ts); a
  // checkout older than the socket can't read that form, so the base side gets the TCP address.
  const databaseUrl = name === 'base' ? (db.embedded?.url ?? db.url) : db.url;
  const w = await start({ databaseUrl, concurrency: 1, filesDir: db.dir });
  sides[name] = { ctx, stop: () => w.stop(), close: () => db.close() };
}
await sides.main.ctx.sql`create table if not exists bench_floor (id serial primary key, v jsonb)`;
const times: Record<string, number[]> = {};
// CPU of this process per run, by block (the other side's worker is idle meanwhile): the engine's
// own cost, much less sensitive to the machine's load than wall time (Postgres not included).
const cpu: Record<string, number[]> = {};
const floor: number[] = [];
const n100 = width > 0 ? width + 2 : 100;
for (let round = 0; round < ROUNDS + 1; round++) {
  for (const durability of ['node', 'end'] as const)
    for (const n of [1, n100])
      for (const side of round % 2 ? ['base', 'main'] : ['main', 'base']) {
        const doc = chain(n, durability);
        const { ctx } = sides[side];
        const cpu0 = process.cpuUsage();
        for (let i = 0; i < BLOCK; i++) {
          const t0 = performance.now();
          await waitForRun(ctx.sql, await startDocumentRun(ctx, doc));
          if (round > 0) (times[`${side} ${durability} ${n}`] ??= []).push(performance.now() - t0);
        }
        const used = process.cpuUsage(cpu0);
        if (round > 0) (cpu[`${side} ${durability} ${n}`] ??= []).push((used.user + used.system) / 1000 / BLOCK);
      }
  floor.push(...(await floorSamples(sides.main.ctx.sql)));
}
const f = median(floor);
console.log(`INSERT commit floor (median of ${floor.length}): ${f.toFixed(3)} ms`);
for (const side of ['base', 'main'])
  for (const durability of ['node', 'end']) {
    const one = median(times[`${side} ${durability} 1`]),
      big = median(times[`${side} ${durability} ${n100}`]);
    const per = (big - one) / (n100 - 1);
    const cpuPer = (median(cpu[`${side} ${durability} ${n100}`]) - median(cpu[`${side} ${durability} 1`])) / (n100 - 1);
    console.log(
      `${side} ${durability}: 1-node ${one.toFixed(2)} ms, ${n100}-node ${big.toFixed(2)} ms, per node ${per.toFixed(3)} ms (${(per / f).toFixed(2)}× floor), CPU of this process per node ${cpuPer.toFixed(3)} ms`,
    );
  }
for (const s of Object.values(sides)) {
  await s.stop();
  await s.close();
}

/**
 * A/B of one `end`-mode run's end statement alone: `finishRun` with the 100 results of a
 * 100-step chain, from another checkout's server/db/run-store.ts (BENCH_BASE, default /tmp/base)
 * and this one's, on one embedded Postgres, blocks alternating so both see the same load.
 * Prints CPU of this process and wall time per run's end, and per step.
 * `node --no-node-snapshot --import tsx bench/ab/end-statement.ts` (ROUNDS=20, BLOCK=20).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NodeRecord } from '../../server/db/run-store';
import { benchDatabase, median } from '../lib/setup';

type FinishRun = typeof import('../../server/db/run-store').finishRun;
const BASE = process.env.BENCH_BASE ?? '/tmp/base';
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ROUNDS = Number(process.env.ROUNDS ?? 20),
  BLOCK = Number(process.env.BLOCK ?? 20),
  STEPS = 100;
const load = async (root: string) =>
  ((await import(pathToFileURL(path.join(root, 'server/db/run-store.ts')).href)) as { finishRun: FinishRun }).finishRun;
const sides = { base: await load(BASE), main: await load(ROOT) };

/** The results a 100-step chain of no-ops keeps: one item each, timings, no logs. */
function results(runId: string): NodeRecord[] {
  const now = Date.now();
  return Array.from(
    { length: STEPS },
    (_, i): NodeRecord => ({
      runId,
      nodeId: i === 0 ? 'manual-trigger-1' : `no-op-${i + 1}`,
      attempt: 1,
      status: 'succeeded',
      inputCounts: i === 0 ? {} : { main: 1 },
      outputs: { main: [{ started: '2026-12-08T00:00:00.000Z', input: null }] },
      logs: [],
      error: null,
      warnings: [],
      startedAt: new Date(now + i),
      finishedAt: new Date(now + i),
      durationMs: 0.012,
    }),
  );
}

const db = await benchDatabase();
const { sql } = db;
let n = 0;
const times: Record<string, number[]> = { base: [], main: [] };
const cpu: Record<string, number[]> = { base: [], main: [] };
try {
  for (let round = 0; round <= ROUNDS; round++)
    for (const side of round % 2 ? (['base', 'main'] as const) : (['main', 'base'] as const)) {
      const ids = Array.from({ length: BLOCK }, () => `run-end-${++n}`);
      await sql`insert into runs (id, document, status) select unnest(${ids}::text[]), '{}', 'running'`;
      const records = ids.map(results);
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < BLOCK; i++) {
        const t0 = performance.now();
        await sides[side](sql, ids[i], null, 'succeeded', null, records[i], { nodeEvents: false });
        if (round > 0) times[side].push(performance.now() - t0);
      }
      const used = process.cpuUsage(cpu0);
      if (round > 0) cpu[side].push((used.user + used.system) / 1000 / BLOCK);
      await sql`delete from runs where id = any(${ids})`;
    }
  for (const side of ['base', 'main'] as const) {
    const w = median(times[side]),
      c = median(cpu[side]);
    console.log(
      `${side}: end of a ${STEPS}-step run: wall ${w.toFixed(2)} ms (${((w / STEPS) * 1000).toFixed(1)} µs/step), CPU of this process ${c.toFixed(2)} ms (${((c / STEPS) * 1000).toFixed(1)} µs/step)`,
    );
  }
} finally {
  await db.close();
}

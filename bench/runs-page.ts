/**
 * runs-page: the runs page's first page (50 runs) at 1,000,000 stored runs, with no filter and
 * with each filter the page offers, plus a deep page (keyset paging: page 200 costs what page 1
 * costs). Goal: first page ≤ 200 ms. Runs are seeded in one INSERT … SELECT generate_series.
 * BENCH_RUNS_STORED changes the count (default 1000000).
 */
import { listAllRuns, type RunFilter } from '../server/db/runs-list';
import { seedRuns } from '../tests/helpers/seed-runs';
import { benchDatabase, median, percentile } from './lib/setup';
import { r1, r2, report, type Row } from './lib/report';

const STORED = Number(process.env.BENCH_RUNS_STORED ?? 1_000_000);
const SAMPLES = 20;
const GOAL_MS = 200;

const db = await benchDatabase();
const rows: Row[] = [];
try {
  const t0 = performance.now();
  console.log(`runs-page: seeding ${STORED.toLocaleString('en')} runs…`);
  // In slices of 100,000: one statement of a million rows holds one huge transaction.
  for (let first = 1; first <= STORED; first += 100_000) await seedRuns(db.sql, Math.min(100_000, STORED - first + 1), { first });
  const seedSeconds = (performance.now() - t0) / 1000;
  const [{ from }] = await db.sql`select (max(created_at) - interval '1 hour')::text as from from runs`;
  const cases: Array<[string, RunFilter, number]> = [
    ['no filter', {}, 1],
    ['status: failed', { statuses: ['failed'] }, 1],
    ['workflow', { workflowId: 'wf_seed_1' }, 1],
    ['workflow + failed', { workflowId: 'wf_seed_1', statuses: ['failed'] }, 1],
    ['started by: schedule', { triggerKind: 'schedule' }, 1],
    ['last hour', { from: new Date(String(from)) }, 1],
    // Trigram index (migration 0012): a rare value reads only the runs that hold its trigrams.
    ['input contains "A-4242" (rare)', { inputContains: 'A-4242' }, 1],
    ['input contains "A-1" (common)', { inputContains: 'A-1' }, 1],
    // Under three characters there are no trigrams to look up: every run's input is read.
    ['input contains "zz" (2 letters, none)', { inputContains: 'zz' }, 1],
    ['oldest first', { sort: 'oldest' }, 1],
    ['no filter, page 200', {}, 200],
  ];
  for (const [name, filter, page] of cases) {
    console.log(`runs-page: ${name}`);
    // Walk to the page once (not timed), then time reading it.
    let cursor: string | undefined;
    for (let p = 1; p < page; p++) cursor = (await listAllRuns(db.sql, filter, 50, cursor)).nextCursor ?? undefined;
    const times: number[] = [];
    for (let i = 0; i < SAMPLES + 3; i++) {
      const start = performance.now();
      await listAllRuns(db.sql, filter, 50, cursor);
      if (i >= 3) times.push(performance.now() - start);
    }
    const med = median(times);
    rows.push({
      query: name,
      'median (ms)': r2(med),
      'p95 (ms)': r2(percentile(times, 95)),
      'goal (ms)': GOAL_MS,
      met: med <= GOAL_MS,
    });
  }
  console.log(`seeded ${STORED.toLocaleString('en')} runs in ${r1(seedSeconds)} s`);
  report('runs-page', rows, { storedRuns: STORED, seedSeconds: r1(seedSeconds), goalMs: GOAL_MS });
} finally {
  await db.close();
}

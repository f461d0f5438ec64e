/**
 * throughput: webhook → set fields → answer, against a TaskMaster server process
 * (startTaskMaster without the UI, embedded Postgres with fsync on). wrk, 1 thread, at 10 and 50
 * connections for BENCH_SECONDS (default 20) each after a warm-up; answered when the run is done
 * (200 with the set fields) and at once (202). Runs stored are counted per level; an exact
 * closed-loop batch then checks stored runs = 2xx answers one for one.
 * Floors in the same run: bare node:http; node:http + one INSERT commit per request; and the
 * same INSERT with a pg_notify (as every TaskMaster write has).
 * BENCH_PROFILE=1 records a CPU profile of the server and prints where its time went.
 * With --peers: the same workload in n8n and Node-RED.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sql } from 'postgres';
import { floorServer } from './lib/floor-servers';
import { closedLoop, loadSeconds, request, wrk, type WrkResult } from './lib/load';
import { appProcesses, cpuSeconds, postgresProcesses } from './lib/proc';
import { newestProfile, printProfile, summariseProfile } from './lib/profile';
import { r1, ratio, report, type Row } from './lib/report';
import { activateWebhook, databaseUrlOf, startServer, tempDataDir } from './lib/taskmaster';
import { benchSql, checkRuns, countRuns, drained, webhookSetDoc } from './lib/webhook-load';
import { forEachPeer } from './peers';

const { seconds, warmup } = loadSeconds();
const LEVELS = [10, 50];
const EXACT = Number(process.env.BENCH_EXACT ?? 1000);
// Profiles are large: they go to a temp folder; their summary goes into the results file.
const profileDir = process.env.BENCH_PROFILE === '1' ? mkdtempSync(path.join(os.tmpdir(), 'taskmaster-profile-')) : null;

const wrkRow = (tool: string, variant: string, w: WrkResult): Row => ({
  tool,
  variant,
  conns: w.connections,
  'req/s': w.perSecond,
  'p50 ms': w.p50,
  'p95 ms': w.p95,
  'p99 ms': w.p99,
  errors: w.errors,
  '2xx': w.ok2xx,
});

/** Transactions committed or rolled back in the database so far (pg_stat_database, flushed about every second). */
async function transactions(sql: Sql): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await sql`select pg_stat_clear_snapshot()`;
  const [row] = await sql`select xact_commit + xact_rollback as x from pg_stat_database where datname = current_database()`;
  return Number(row.x);
}

const cpuOf = (pids: number[]) => pids.reduce((s, p) => s + cpuSeconds(p), 0);

const data = tempDataDir('throughput');
const server = await startServer({ dataDir: data.dir, nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
const databaseUrl = databaseUrlOf(data.dir);
const sql: Sql = benchSql(databaseUrl);
const rows: Row[] = [];
const checks: Record<string, unknown> = {};
try {
  for (const respond of ['whenDone', 'immediately'] as const) {
    const hook = respond === 'whenDone' ? 'bench-a' : 'bench-202';
    const id = await activateWebhook(server.api, server.url, webhookSetDoc(hook, respond), hook);
    const url = `${server.url}/webhook/${hook}`;
    const sample = await request(url);
    console.log(`${hook}: ${sample.status} ${sample.body}`);
    await wrk(url, 10, warmup);
    await drained(sql, id);
    for (const c of LEVELS) {
      const before = await countRuns(sql, id);
      const app0 = cpuOf(appProcesses(server.pid));
      const pg0 = cpuOf(postgresProcesses(server.pid));
      const t0 = Date.now();
      const w = await wrk(url, c, seconds);
      const appCpu = (cpuOf(appProcesses(server.pid)) - app0) / seconds;
      const pgCpu = (cpuOf(postgresProcesses(server.pid)) - pg0) / seconds;
      const last = await drained(sql, id);
      const stored = (await countRuns(sql, id)) - before;
      const completedPerSecond = last ? stored / ((last.getTime() - t0) / 1000) : 0;
      rows.push({
        ...wrkRow('TaskMaster', respond === 'whenDone' ? 'whenDone (200)' : 'immediately (202)', w),
        'runs stored': stored,
        'runs done/s': r1(completedPerSecond),
        'server CPU %': Math.round(appCpu * 100),
        'postgres CPU %': Math.round(pgCpu * 100),
        'DB CPU ms/run': stored ? r1((pgCpu * seconds * 1000) / stored) : '',
      });
    }
    const before = await countRuns(sql, id);
    const tx0 = await transactions(sql);
    const exact = await closedLoop(url, EXACT, 10);
    await drained(sql, id);
    const stored = (await countRuns(sql, id)) - before;
    const perRun = stored ? r1(((await transactions(sql)) - tx0) / stored) : '';
    const check = await checkRuns(sql, id, 2);
    checks[respond] = { exactBatch: { ...exact, stored }, ...check };
    rows.push({
      tool: 'TaskMaster',
      variant: `${respond}: exact batch of ${EXACT}`,
      conns: 10,
      'req/s': exact.perSecond,
      errors: exact.other,
      '2xx': exact.ok2xx,
      'runs stored': stored,
      'lost/doubled/failed': `${Math.max(0, exact.ok2xx - stored)}/${check.doubled}/${check.notSucceeded + check.incomplete}`,
      'transactions/run': perRun,
    });
  }
  const floorNames = { bare: 'node:http JSON', insert: 'node:http + INSERT commit', notify: 'node:http + INSERT with pg_notify commit' };
  for (const kind of ['bare', 'insert', 'notify'] as const) {
    const floor = await floorServer(kind, databaseUrl);
    await wrk(floor.url, 10, warmup);
    for (const c of LEVELS) rows.push(wrkRow('floor', floorNames[kind], await wrk(floor.url, c, seconds)));
    await floor.close();
  }
} finally {
  await sql.end({ timeout: 5 });
  await server.stop();
  data.remove();
}
rows.push(
  ...(await forEachPeer(async (peer) => {
    const url = peer.hookUrl('bench-a');
    await wrk(url, 10, warmup);
    const out: Row[] = [];
    for (const c of LEVELS) out.push(wrkRow(`${peer.name} ${peer.version}`, 'webhook → set → respond', await wrk(url, c, seconds)));
    return out;
  })),
);
const floorOf = (variant: string, c: number) =>
  Number(rows.find((r) => r.tool === 'floor' && r.variant === variant && r.conns === c)?.['req/s'] ?? 0);
for (const row of rows) {
  if (row.tool === 'TaskMaster' && typeof row.conns === 'number' && !String(row.variant).includes('exact')) {
    row['vs INSERT floor'] = ratio(Number(row['req/s']), floorOf('node:http + INSERT commit', row.conns));
  }
}
let profile: Record<string, unknown> | null = null;
if (profileDir) {
  const file = newestProfile(profileDir);
  if (file) {
    const summary = summariseProfile(file, 25, 5000); // the first 5 s: start-up
    printProfile('the TaskMaster server (whole run)', summary);
    profile = { file, ...summary };
  }
}
report('throughput', rows, { seconds, warmup, checks, profile });

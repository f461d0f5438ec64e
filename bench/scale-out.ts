/**
 * scale-out: the webhook → set fields workload (answered when done) served by one web process
 * without a worker, executed by one and then two `taskmaster worker` processes sharing the
 * database. For each: wrk at 50 connections, an exact closed-loop batch (stored runs must equal
 * 2xx answers), a check that no run has two succeeded results for a node, and the drain rate of
 * runs queued while no worker ran (worker capacity without the web path).
 * CPU seconds per process show what the two cores were spent on. No peers (Node-RED has no
 * workers; n8n's queue mode needs Redis).
 */
import type { Sql } from 'postgres';
import { closedLoop, loadSeconds, wrk } from './lib/load';
import { cpuSeconds, postgresProcesses, type Spawned } from './lib/proc';
import { r1, ratio, report, type Row } from './lib/report';
import { activateWebhook, databaseUrlOf, spawnCli, startServer, tempDataDir, until, type Server } from './lib/taskmaster';
import { benchSql, checkRuns, countRuns, drained, webhookSetDoc } from './lib/webhook-load';

const { seconds, warmup } = loadSeconds();
const CONNECTIONS = 50;
const EXACT = Number(process.env.BENCH_EXACT ?? 1000);
const QUEUED = Number(process.env.BENCH_QUEUED ?? 2000);

async function startWorkers(n: number, dataDir: string, sql: Sql): Promise<Spawned[]> {
  const workers = Array.from({ length: n }, () => spawnCli(['worker'], dataDir, 0));
  await until(async () => Number((await sql`select count(*)::int as n from worker_heartbeats`)[0].n) >= n, 120_000, 100);
  return workers;
}

async function phase(n: number, web: Server, dataDir: string, sql: Sql): Promise<Row> {
  const hook = `scale-${n}`;
  const id = await activateWebhook(web.api, web.url, webhookSetDoc(hook, 'whenDone'), hook);
  const queueHook = `queue-${n}`;
  const queueId = await activateWebhook(web.api, web.url, webhookSetDoc(queueHook, 'immediately'), queueHook);
  // Runs queued while no worker runs: the workers start with a backlog.
  await closedLoop(`${web.url}/webhook/${queueHook}`, QUEUED, 20);
  const workers = await startWorkers(n, dataDir, sql);
  try {
    await drained(sql, queueId);
    const [d] = await sql`select extract(epoch from max(finished_at) - min(started_at)) as s from runs where workflow_id = ${queueId}`;
    const drainPerSecond = QUEUED / Number(d.s);

    const url = `${web.url}/webhook/${hook}`;
    await wrk(url, CONNECTIONS, warmup);
    await drained(sql, id);
    const pids = { web: [web.pid], workers: workers.map((w) => w.pid), postgres: postgresProcesses(web.pid) };
    const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, list]) => [k, list.reduce((s, p) => s + cpuSeconds(p), 0)]));
    const before = await countRuns(sql, id);
    const w = await wrk(url, CONNECTIONS, seconds);
    const cpu = Object.fromEntries(
      Object.entries(pids).map(([k, list]) => [k, Math.round(((list.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0[k]) / seconds) * 100)]),
    );
    await drained(sql, id);
    const storedWrk = (await countRuns(sql, id)) - before;

    const beforeExact = await countRuns(sql, id);
    const exact = await closedLoop(url, EXACT, CONNECTIONS);
    await drained(sql, id);
    const storedExact = (await countRuns(sql, id)) - beforeExact;
    const check = await checkRuns(sql, id, 2);
    const queued = await checkRuns(sql, queueId, 2);
    return {
      workers: n,
      'req/s (wrk c=50)': w.perSecond,
      'p50 ms': w.p50,
      'p99 ms': w.p99,
      'wrk errors': w.errors,
      'wrk 2xx / stored': `${w.ok2xx} / ${storedWrk}`,
      [`exact batch ${EXACT}: 2xx / stored`]: `${exact.ok2xx} / ${storedExact}`,
      'exact req/s': exact.perSecond,
      'drain runs/s': r1(drainPerSecond),
      'lost / doubled / failed': `${Math.max(0, exact.ok2xx - storedExact)} / ${check.doubled + queued.doubled} / ${check.notSucceeded + check.incomplete + queued.notSucceeded + queued.incomplete}`,
      'CPU % web / workers / pg': `${cpu.web} / ${cpu.workers} / ${cpu.postgres}`,
    };
  } finally {
    for (const worker of workers) await worker.stop();
  }
}

const data = tempDataDir('scale-out');
const web = await startServer({ dataDir: data.dir, worker: false });
const sql = benchSql(databaseUrlOf(data.dir));
const rows: Row[] = [];
try {
  for (const n of [1, 2]) rows.push(await phase(n, web, data.dir, sql));
  const [one, two] = rows;
  rows.push({
    workers: '2 / 1',
    'req/s (wrk c=50)': ratio(Number(two['req/s (wrk c=50)']), Number(one['req/s (wrk c=50)'])),
    'exact req/s': ratio(Number(two['exact req/s']), Number(one['exact req/s'])),
    'drain runs/s': ratio(Number(two['drain runs/s']), Number(one['drain runs/s'])),
  });
} finally {
  await sql.end({ timeout: 5 });
  await web.stop();
  data.remove();
}
report('scale-out', rows, { seconds, warmup, exact: EXACT, queued: QUEUED });

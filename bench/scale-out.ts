/**
 * scale-out: one web process without a worker (it starts the embedded Postgres) and N
 * `taskmaster worker` processes on that database. Postgres and the web process are pinned to
 * one half of the CPUs, the workers to the other (`taskset`; BENCH_PIN=0 turns it off): a
 * simulation of a database server with a core budget of its own, on a 2-core machine.
 *
 * 1. slots (BENCH_WORKERS, default 1,2,4,8): webhook (answered at once) → HTTP request to a local
 *    service that answers after BENCH_DELAY_MS (1000). Each worker runs BENCH_SLOTS (10, the
 *    default concurrency) runs at once, so its capacity is slots ÷ delay (10 runs/s), not CPU:
 *    the workload of automations that wait on other services. N × slots × BENCH_ROUNDS (20) runs
 *    are queued first; the
 *    service holds every call until all N workers are up with every slot taken, then answers;
 *    the clock runs from that moment to the last run's end. Figures: drain runs/s against the
 *    ideal N × slots ÷ delay, and against one worker.
 * 2. webhook (BENCH_WEBHOOK_WORKERS, default 1,2,8): webhook → set fields answered when done,
 *    wrk at 50 connections, an exact batch, and 2,000 runs queued before the workers started
 *    (default concurrency 10): bound by Postgres on this machine (~4 ms of database CPU a run),
 *    and the heaviest load on the connection budget.
 * Both check every batch (stored = answered, 0 doubled, 0 failed; in 1 also calls = runs), sample
 * pg_stat_activity per process against max_connections and DB_CONNECTIONS, and count connection
 * errors in the processes' output. BENCH_SCALE=slots or webhook runs one of them;
 * BENCH_REPEATS=2 runs each series twice (ratios within a repeat: the load drifts).
 * No peers (Node-RED has no workers; n8n's queue mode needs Redis).
 */
import os from 'node:os';
import type { Sql } from 'postgres';
import { DEFAULT_DB_CONNECTIONS } from '../server/db/budget';
import type { WorkflowDocument } from '../core/document';
import { WorkflowBuilder } from '../server/sdk/builder';
import { connectionLimits, sampleConnections, type ConnectionPeaks } from './lib/connections';
import { connectionErrors, type CpuShares, cpuPlan, cpuShares, cpuSnapshot, startWorkers, stopAll, whileAlive } from './lib/fleet';
import { closedLoop, loadSeconds, wrk } from './lib/load';
import type { Spawned } from './lib/proc';
import { r1, ratio, report, type Row } from './lib/report';
import { slotServer } from './lib/slot-server';
import { activateWebhook, databaseUrlOf, startServer, tempDataDir, type Server } from './lib/taskmaster';
import { benchSql, checkRuns, countRuns, drained, webhookSetDoc } from './lib/webhook-load';

const list = (v: string) =>
  v
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
const SCENARIOS = (process.env.BENCH_SCALE ?? 'slots,webhook').split(',');
const SLOT_WORKERS = list(process.env.BENCH_WORKERS ?? '1,2,4,8');
const WEBHOOK_WORKERS = list(process.env.BENCH_WEBHOOK_WORKERS ?? '1,2,8');
const SLOTS = Number(process.env.BENCH_SLOTS ?? 10);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 1);
const { seconds, warmup } = loadSeconds();
const CONNECTIONS = 50;
const EXACT = Number(process.env.BENCH_EXACT ?? 1000);
const QUEUED = Number(process.env.BENCH_QUEUED ?? 2000);
const BUDGET = Number(process.env.DB_CONNECTIONS ?? DEFAULT_DB_CONNECTIONS);
const cpus = cpuPlan();

function slotDoc(path: string, url: string): WorkflowDocument {
  const wf = new WorkflowBuilder(`bench ${path}`);
  const hook = wf.add('webhook-trigger', { path, method: 'POST', respond: 'immediately' });
  // 0: no timeout of its own; calls are held until every worker is up.
  const call = wf.add('http-request', { method: 'GET', url, timeoutMs: 0 });
  wf.connect(hook, call);
  return wf.toDocument();
}

interface Fleet {
  web: Server;
  dataDir: string;
  sql: Sql;
  maxConnections: number;
  reserved: number;
}

/** Connection figures of a phase: peaks in all and per process, against the limits. */
function connectionColumns(peaks: ConnectionPeaks, fleet: Fleet, workers: Spawned[]): Row {
  const workerPeak = Math.max(
    0,
    ...Object.entries(peaks.perProcess)
      .filter(([l]) => l !== 'web')
      .map(([, n]) => n),
  );
  const usable = fleet.maxConnections - fleet.reserved;
  const errors = workers.reduce((s, w) => s + connectionErrors(w.output()), 0);
  const holds = peaks.total <= usable && workerPeak <= BUDGET && (peaks.perProcess.web ?? 0) <= BUDGET && errors === 0;
  return {
    'conns peak: all / web / worker (max)': `${peaks.total} / ${peaks.perProcess.web ?? 0} / ${workerPeak}`,
    'budget: all / each': `${usable} / ${BUDGET}`,
    'conn errors': errors,
    'budget holds': holds,
  };
}

/** CPU of the workers and of Postgres per run, and the time they waited for a CPU (other programs'). */
const perRunMs = (cpu: CpuShares, seconds: number, runs: number) =>
  [cpu.workers * seconds * 10, cpu.postgres * seconds * 10, cpu.waitingSeconds * 1000].map((ms) => r1(ms / runs)).join(' / ');

const processesOf = (fleet: Fleet, workers: () => Spawned[]) => () => [
  { label: 'web', pid: fleet.web.pid },
  ...workers().map((w, i) => ({ label: `worker ${i + 1}`, pid: w.pid })),
];

async function slotsPhase(n: number, fleet: Fleet): Promise<Row> {
  const { web, sql } = fleet;
  const slot = await slotServer();
  const hook = `slots-${n}-${Date.now()}`;
  let workers: Spawned[] = [];
  const conns = sampleConnections(
    sql,
    processesOf(fleet, () => workers),
  );
  try {
    const id = await activateWebhook(web.api, web.url, slotDoc(hook, slot.url), hook);
    const total = n * SLOTS * ROUNDS;
    const queued = await closedLoop(`${web.url}/webhook/${hook}`, total, 20);
    workers = await startWorkers(n, fleet.dataDir, sql, { concurrency: SLOTS, cpus: cpus.workers });
    // Every slot of every worker holds a call: the clock starts with all N at full capacity.
    await whileAlive(workers, () => slot.inFlight() >= n * SLOTS);
    const cpu0 = cpuSnapshot(web, workers);
    const t0 = Date.now();
    slot.release(DELAY_MS);
    const end = await drained(sql, id);
    const elapsed = ((end?.getTime() ?? Date.now()) - t0) / 1000;
    const cpu = cpuShares(cpu0, web, workers, elapsed);
    const peaks = await conns.stop();
    const stored = await countRuns(sql, id);
    const check = await checkRuns(sql, id, 2);
    const perSecond = total / elapsed;
    const ideal = (n * SLOTS * 1000) / DELAY_MS;
    // A slot's time per run beyond the wait: in the run (start → end) and between runs (queue).
    const [inRun] = await sql`
      select percentile_cont(0.5) within group (order by extract(epoch from finished_at - started_at) * 1000) as ms
      from runs where workflow_id = ${id}`;
    const perRun = (n * SLOTS * elapsed * 1000) / total;
    return {
      workers: n,
      runs: total,
      'drain runs/s': r1(perSecond),
      'ideal (slots ÷ delay)': ideal,
      'of ideal': ratio(perSecond, ideal),
      'slot ms per run: all / in run (median)': `${Math.round(perRun)} / ${Math.round(Number(inRun.ms))}`,
      '2xx / stored / calls': `${queued.ok2xx} / ${stored} / ${slot.calls()}`,
      'lost / doubled / failed': `${Math.max(0, queued.ok2xx - stored)} / ${check.doubled + Math.max(0, slot.calls() - stored)} / ${check.notSucceeded + check.incomplete}`,
      'CPU % web / workers (max one) / pg': `${cpu.web} / ${cpu.workers} (${cpu.workerMax}) / ${cpu.postgres}`,
      'ms per run: CPU workers / pg / run-queue wait': perRunMs(cpu, elapsed, total),
      ...connectionColumns(peaks, fleet, workers),
      load: r1(os.loadavg()[0]),
    };
  } finally {
    await conns.stop();
    await stopAll(workers);
    await slot.close();
  }
}

async function webhookPhase(n: number, fleet: Fleet): Promise<Row> {
  const { web, sql } = fleet;
  const stamp = Date.now();
  const hook = `scale-${n}-${stamp}`;
  const id = await activateWebhook(web.api, web.url, webhookSetDoc(hook, 'whenDone'), hook);
  const queueHook = `queue-${n}-${stamp}`;
  const queueId = await activateWebhook(web.api, web.url, webhookSetDoc(queueHook, 'immediately'), queueHook);
  // Runs queued while no worker runs: the workers start with a backlog.
  await closedLoop(`${web.url}/webhook/${queueHook}`, QUEUED, 20);
  let workers: Spawned[] = [];
  const conns = sampleConnections(
    sql,
    processesOf(fleet, () => workers),
  );
  try {
    workers = await startWorkers(n, fleet.dataDir, sql, { cpus: cpus.workers });
    await drained(sql, queueId);
    const [d] = await sql`select extract(epoch from max(finished_at) - min(started_at)) as s from runs where workflow_id = ${queueId}`;
    const drainPerSecond = QUEUED / Number(d.s);

    const url = `${web.url}/webhook/${hook}`;
    await wrk(url, CONNECTIONS, warmup);
    await drained(sql, id);
    const cpu0 = cpuSnapshot(web, workers);
    const before = await countRuns(sql, id);
    const w = await wrk(url, CONNECTIONS, seconds);
    const cpu = cpuShares(cpu0, web, workers, seconds);
    await drained(sql, id);
    const storedWrk = (await countRuns(sql, id)) - before;

    const beforeExact = await countRuns(sql, id);
    const exact = await closedLoop(url, EXACT, CONNECTIONS);
    await drained(sql, id);
    const storedExact = (await countRuns(sql, id)) - beforeExact;
    const peaks = await conns.stop();
    const check = await checkRuns(sql, id, 2);
    const queued = await checkRuns(sql, queueId, 2);
    return {
      workers: n,
      'req/s (wrk c=50)': w.perSecond,
      'p50 ms': w.p50,
      'wrk errors': w.errors,
      'wrk 2xx / stored': `${w.ok2xx} / ${storedWrk}`,
      [`exact ${EXACT}: 2xx / stored`]: `${exact.ok2xx} / ${storedExact}`,
      'exact req/s': exact.perSecond,
      'drain runs/s': r1(drainPerSecond),
      'lost / doubled / failed': `${Math.max(0, exact.ok2xx - storedExact)} / ${check.doubled + queued.doubled} / ${check.notSucceeded + check.incomplete + queued.notSucceeded + queued.incomplete}`,
      'CPU % web / workers (max one) / pg': `${cpu.web} / ${cpu.workers} (${cpu.workerMax}) / ${cpu.postgres}`,
      'ms per run: CPU workers / pg / run-queue wait': perRunMs(cpu, seconds, storedWrk),
      ...connectionColumns(peaks, fleet, workers),
      load: r1(os.loadavg()[0]),
    };
  } finally {
    await conns.stop();
    await stopAll(workers);
  }
}

/** Each row's figure against the same repeat's 1-worker row. */
function againstOne(rows: Row[], key: string): void {
  const one = rows.find((r) => r.workers === 1);
  for (const row of rows) row[`${key} × 1 worker`] = one ? ratio(Number(row[key]), Number(one[key])) : '';
}

const data = tempDataDir('scale-out');
const web = await startServer({ dataDir: data.dir, worker: false, cpus: cpus.database });
const sql = benchSql(databaseUrlOf(data.dir));
const slotRows: Row[] = [];
const webhookRows: Row[] = [];
try {
  const limits = await connectionLimits(sql);
  const fleet: Fleet = { web, dataDir: data.dir, sql, maxConnections: limits.maxConnections, reserved: limits.reserved };
  console.log(`scale-out: ${cpus.note}; max_connections ${limits.maxConnections} (${limits.reserved} reserved), DB_CONNECTIONS ${BUDGET}`);
  for (let repeat = 1; repeat <= REPEATS; repeat++) {
    if (SCENARIOS.includes('slots')) {
      const rows: Row[] = [];
      for (const n of SLOT_WORKERS) {
        rows.push({ repeat, ...(await slotsPhase(n, fleet)) });
        console.log(JSON.stringify(rows.at(-1)));
      }
      againstOne(rows, 'drain runs/s');
      slotRows.push(...rows);
    }
    if (SCENARIOS.includes('webhook')) {
      const rows: Row[] = [];
      for (const n of WEBHOOK_WORKERS) {
        rows.push({ repeat, ...(await webhookPhase(n, fleet)) });
        console.log(JSON.stringify(rows.at(-1)));
      }
      againstOne(rows, 'req/s (wrk c=50)');
      againstOne(rows, 'drain runs/s');
      webhookRows.push(...rows);
    }
  }
  const webErrors = connectionErrors(web.output());
  if (webErrors) console.log(`the web process reported ${webErrors} connection errors:\n${web.output().slice(-2000)}`);
} finally {
  await sql.end({ timeout: 5 });
  await web.stop();
  data.remove();
}
const settings = { pinned: cpus.note, slots: SLOTS, delayMs: DELAY_MS, rounds: ROUNDS, dbConnections: BUDGET, repeats: REPEATS };
if (slotRows.length)
  report('scale-out', slotRows, { ...settings, scenario: 'slots: webhook → HTTP request to a service answering after delayMs' });
if (webhookRows.length)
  report('scale-out-webhook', webhookRows, {
    ...settings,
    seconds,
    warmup,
    exact: EXACT,
    queued: QUEUED,
    scenario: 'webhook → set fields, answered when done',
  });

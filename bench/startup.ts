/**
 * startup: from `npm start` (node --no-node-snapshot bin/taskmaster.mjs start, web app already
 * built, database initialised, one active webhook workflow) to the first 200 from that
 * webhook; then the idle RSS of TaskMaster's processes 10 s later (Postgres given apart).
 * BENCH_STARTS starts (default 5), medians, alternating with as many starts of the sources
 * through tsx (TASKMASTER_PRECOMPILE=0) instead of the compiled server (bin/precompile.mjs).
 * The first start on an empty data dir (initdb, migrations) is given too, to /api/health, with
 * its idle RSS; both against the goals. Postgres memory is given as PSS (its shared
 * buffers counted once). Floor in the same run: a bare node:http process, launch → first 200,
 * and its RSS. With --peers: n8n and Node-RED the same way.
 */
import path from 'node:path';
import { serverModuleUrl } from './lib/compiled';
import { appProcesses, mb, postgresProcesses, descendants, pssKb, rssKb, sleep, spawnTracked } from './lib/proc';
import { r2, ratio, report, type Row } from './lib/report';
import { median } from './lib/setup';
import { activateWebhook, api, ensureBuilt, freePort, spawnCli, tempDataDir, until } from './lib/taskmaster';
import { webhookSetDoc } from './lib/webhook-load';
import { forEachPeer } from './peers';

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
/** Issue 19: start → first 200 within 3 s, idle memory (without Postgres) under 300 MB. */
const START_GOAL_S = 3;
const IDLE_GOAL_MB = 300;

const post = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"probe"}' }).then((r) => r.status);
const sumRss = (pids: number[]) => pids.reduce((s, p) => s + rssKb(p), 0);

await ensureBuilt(); // not timed: the benchmark starts an already built app
await serverModuleUrl(path.resolve(import.meta.dirname, '..'), 'server/cli/main.ts'); // the compiled server too
const data = tempDataDir('startup');
const rows: Row[] = [];
try {
  // First start on an empty data dir: initdb, migrations, Next.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let t0 = performance.now();
  let proc = spawnCli(['start'], data.dir, port);
  await until(async () => (await fetch(`${base}/api/health`)).status === 200, 180_000);
  const firstHealth = performance.now() - t0;
  await activateWebhook(api(base), base, webhookSetDoc('hello', 'whenDone'), 'hello');
  // Idle memory after the first start too (the owner and one workflow made, as in the warm starts).
  await sleep(IDLE_MS);
  const firstIdleApp = sumRss(appProcesses(proc.pid));
  const firstIdlePg = postgresProcesses(proc.pid).reduce((s, p) => s + pssKb(p), 0);
  await proc.stop();

  // The compiled server (what `npm start` runs) and, alternating with it, the sources through
  // tsx (TASKMASTER_PRECOMPILE=0, as before the server was compiled), in the same minutes.
  const toHook: number[] = [];
  const idleApp: number[] = [];
  const idlePg: number[] = [];
  const tsxHook: number[] = [];
  const tsxIdle: number[] = [];
  for (let i = 0; i < STARTS * 2; i++) {
    const tsx = (i % 2 === 1) === (Math.floor(i / 2) % 2 === 0);
    t0 = performance.now();
    proc = spawnCli(['start'], data.dir, port, tsx ? { TASKMASTER_PRECOMPILE: '0' } : {});
    await until(async () => (await post(`${base}/webhook/hello`)) === 200, 180_000, 10);
    (tsx ? tsxHook : toHook).push(performance.now() - t0);
    await sleep(IDLE_MS);
    (tsx ? tsxIdle : idleApp).push(sumRss(appProcesses(proc.pid)));
    if (!tsx) idlePg.push(postgresProcesses(proc.pid).reduce((s, p) => s + pssKb(p), 0));
    await proc.stop();
  }
  const goals = (startMs: number, idleKb: number) => ({
    [`goals: start ≤ ${START_GOAL_S} s, idle ≤ ${IDLE_GOAL_MB} MB`]: `${startMs / 1000 <= START_GOAL_S ? 'met' : 'missed'}, ${mb(idleKb) <= IDLE_GOAL_MB ? 'met' : 'missed'}`,
  });
  rows.push({
    tool: 'TaskMaster',
    variant: 'first start, empty data dir (initdb, migrations) → /api/health 200',
    'start → 200 (s)': r2(firstHealth / 1000),
    'idle RSS MB (no Postgres)': mb(firstIdleApp),
    'Postgres PSS MB': mb(firstIdlePg),
    ...goals(firstHealth, firstIdleApp),
  });
  rows.push({
    tool: 'TaskMaster',
    variant: `npm start → first webhook 200 (median of ${STARTS})`,
    'start → 200 (s)': r2(median(toHook) / 1000),
    'all starts (s)': toHook.map((t) => r2(t / 1000)).join(' '),
    'idle RSS MB (no Postgres)': mb(median(idleApp)),
    'Postgres PSS MB': mb(median(idlePg)),
    ...goals(median(toHook), median(idleApp)),
  });
  rows.push({
    tool: 'TaskMaster',
    variant: `same, sources through tsx (TASKMASTER_PRECOMPILE=0), alternating`,
    'start → 200 (s)': r2(median(tsxHook) / 1000),
    'all starts (s)': tsxHook.map((t) => r2(t / 1000)).join(' '),
    'idle RSS MB (no Postgres)': mb(median(tsxIdle)),
  });

  // Floor: a bare node:http process.
  const floorPort = await freePort();
  const floorTimes: number[] = [];
  let floorRss = 0;
  for (let i = 0; i < STARTS; i++) {
    t0 = performance.now();
    const bare = spawnTracked(process.execPath, [
      '-e',
      `require('http').createServer((q, s) => s.end('ok')).listen(${floorPort}, '127.0.0.1')`,
    ]);
    await until(async () => (await post(`http://127.0.0.1:${floorPort}/`)) === 200, 30_000, 10);
    floorTimes.push(performance.now() - t0);
    floorRss = rssKb(bare.pid);
    await bare.stop();
  }
  const hook = median(toHook);
  rows.push({
    tool: 'floor',
    variant: 'bare node:http process',
    'start → 200 (s)': r2(median(floorTimes) / 1000),
    'idle RSS MB (no Postgres)': mb(floorRss),
  });
  rows[1]['start / floor'] = ratio(hook, median(floorTimes));
} finally {
  data.remove();
}
rows.push(
  ...(await forEachPeer(async (peer) => {
    await sleep(IDLE_MS);
    const pids = [peer.pid, ...descendants(peer.pid)];
    return [
      {
        tool: `${peer.name} ${peer.version}`,
        variant: 'launch → first webhook 200',
        'start → 200 (s)': r2(peer.firstHookMs / 1000),
        'idle RSS MB (no Postgres)': mb(sumRss(pids)),
      },
    ];
  })),
);
report('startup', rows, { starts: STARTS, idleMs: IDLE_MS });

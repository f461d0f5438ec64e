/**
 * A/B of webhook throughput: a server of another checkout (BENCH_BASE, see bench/ab/chain.ts)
 * and of this one run side by side; short wrk bursts alternate between them (and the notify
 * and INSERT floors), so both see the same machine load. ROUNDS, SECS, CONNS; BASE_NODE_FLAGS and
 * MAIN_NODE_FLAGS (space-separated, e.g. `--max-semi-space-size=4`) to compare Node flags
 * (BENCH_BASE=$PWD: the same code on both sides).
 */
import { wrk } from '../lib/load';
import { webhookSetDoc } from '../lib/webhook-load';
import { activateWebhook, startServer as startMain, tempDataDir } from '../lib/taskmaster';
import { floorServer } from '../lib/floor-servers';
import { databaseUrlOf } from '../lib/taskmaster';
import { median } from '../lib/setup';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** CPU time (ms) a process used so far, from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // gone (a backend that closed)
  }
}

/** The embedded Postgres of a data dir: its postmaster and every child (backends, writers). */
function postgresPids(dataDir: string): number[] {
  const postmaster = Number.parseInt(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8'), 10);
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}
const BASE = process.env.BENCH_BASE ?? '/tmp/base';
// @ts-ignore: another checkout's module, typed the same
const { startServer: startBase } = await import(`${BASE}/bench/lib/taskmaster.ts`);
const ROUNDS = Number(process.env.ROUNDS ?? 6),
  SECONDS = Number(process.env.SECS ?? 4),
  CONNS = Number(process.env.CONNS ?? 10);
const urls: Record<string, string> = {};
const serverPid: Record<string, number> = {};
const dataDirs: Record<string, string> = {};
const stops: Array<() => Promise<void> | void> = [];
let mainDb = '';
const nodeFlags = (name: string) => (process.env[`${name.toUpperCase()}_NODE_FLAGS`] ?? '').split(/\s+/).filter(Boolean);
for (const [name, start] of [
  ['base', startBase],
  ['main', startMain],
] as const) {
  const data = tempDataDir(`ab-${name}`);
  const server = await start({ dataDir: data.dir, nodeFlags: nodeFlags(name) });
  const doc = webhookSetDoc('ab', 'whenDone');
  await activateWebhook(server.api, server.url, doc, 'ab');
  urls[name] = `${server.url}/webhook/ab`;
  serverPid[name] = server.pid;
  dataDirs[name] = data.dir;
  if (name === 'main') mainDb = databaseUrlOf(data.dir);
  stops.push(() => server.stop?.());
  await wrk(urls[name], CONNS, 3);
}
const floor = await floorServer('notify', mainDb);
const floorInsert = await floorServer('insert', mainDb);
const res: Record<string, number[]> = { base: [], main: [], notifyFloor: [], insertFloor: [] };
const p50: Record<string, number[]> = { base: [], main: [] };
// CPU per answered request, of the server process and of its Postgres: less sensitive to the
// machine's load than req/s.
const cpu: Record<string, { server: number[]; postgres: number[] }> = {
  base: { server: [], postgres: [] },
  main: { server: [], postgres: [] },
};
for (let r = 0; r < ROUNDS; r++) {
  for (const side of r % 2 ? ['base', 'main'] : ['main', 'base']) {
    const pg = postgresPids(dataDirs[side]);
    const before = { server: cpuMs(serverPid[side]), postgres: pg.reduce((sum, pid) => sum + cpuMs(pid), 0) };
    const w = await wrk(urls[side], CONNS, SECONDS);
    res[side].push(w.perSecond);
    p50[side].push(w.p50);
    cpu[side].server.push((cpuMs(serverPid[side]) - before.server) / w.requests);
    cpu[side].postgres.push((pg.reduce((sum, pid) => sum + cpuMs(pid), 0) - before.postgres) / w.requests);
  }
  res.notifyFloor.push((await wrk(floor.url, CONNS, 2)).perSecond);
  res.insertFloor.push((await wrk(floorInsert.url, CONNS, 2)).perSecond);
}
for (const [k, v] of Object.entries(res)) console.log(k, 'req/s median', median(v).toFixed(1), 'all', v.map((x) => x.toFixed(0)).join(' '));
for (const [k, v] of Object.entries(p50)) console.log(k, 'p50 ms median', median(v).toFixed(1));
for (const [k, v] of Object.entries(cpu))
  console.log(k, 'CPU ms per request median: server', median(v.server).toFixed(3), 'postgres', median(v.postgres).toFixed(3));
console.log('main/base', (median(res.main) / median(res.base)).toFixed(2));
console.log('load average', readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '));
await floor.close?.();
await floorInsert.close?.();
for (const s of stops) await s();
process.exit(0);

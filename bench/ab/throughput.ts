/**
 * A/B of webhook throughput: a server of another checkout (BENCH_BASE, see bench/ab/chain.ts)
 * and of this one run side by side; short wrk bursts alternate between them (and the notify
 * and INSERT floors), so both see the same machine load. ROUNDS, SECS, CONNS.
 */
import { wrk } from '../lib/load';
import { webhookSetDoc } from '../lib/webhook-load';
import { activateWebhook, startServer as startMain, tempDataDir } from '../lib/taskmaster';
import { floorServer } from '../lib/floor-servers';
import { databaseUrlOf } from '../lib/taskmaster';
import { median } from '../lib/setup';
const BASE = process.env.BENCH_BASE ?? '/tmp/base';
// @ts-ignore: another checkout's module, typed the same
const { startServer: startBase } = await import(`${BASE}/bench/lib/taskmaster.ts`);
const ROUNDS = Number(process.env.ROUNDS ?? 6),
  SECONDS = Number(process.env.SECS ?? 4),
  CONNS = Number(process.env.CONNS ?? 10);
const urls: Record<string, string> = {};
const stops: Array<() => Promise<void> | void> = [];
let mainDb = '';
for (const [name, start] of [
  ['base', startBase],
  ['main', startMain],
] as const) {
  const data = tempDataDir(`ab-${name}`);
  const server = await start({ dataDir: data.dir });
  const doc = webhookSetDoc('ab', 'whenDone');
  await activateWebhook(server.api, server.url, doc, 'ab');
  urls[name] = `${server.url}/webhook/ab`;
  if (name === 'main') mainDb = databaseUrlOf(data.dir);
  stops.push(() => server.stop?.());
  await wrk(urls[name], CONNS, 3);
}
const floor = await floorServer('notify', mainDb);
const floorInsert = await floorServer('insert', mainDb);
const res: Record<string, number[]> = { base: [], main: [], notifyFloor: [], insertFloor: [] };
const p50: Record<string, number[]> = { base: [], main: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const side of r % 2 ? ['base', 'main'] : ['main', 'base']) {
    const w = await wrk(urls[side], CONNS, SECONDS);
    res[side].push(w.perSecond);
    p50[side].push(w.p50);
  }
  res.notifyFloor.push((await wrk(floor.url, CONNS, 2)).perSecond);
  res.insertFloor.push((await wrk(floorInsert.url, CONNS, 2)).perSecond);
}
for (const [k, v] of Object.entries(res)) console.log(k, 'req/s median', median(v).toFixed(1), 'all', v.map((x) => x.toFixed(0)).join(' '));
for (const [k, v] of Object.entries(p50)) console.log(k, 'p50 ms median', median(v).toFixed(1));
console.log('main/base', (median(res.main) / median(res.base)).toFixed(2));
await floor.close?.();
await floorInsert.close?.();
for (const s of stops) await s();
process.exit(0);

/**
 * Transactions and rows written per webhook run (webhook → set fields → answer when done), from
 * pg_stat_database around a closed-loop batch, for another checkout (BENCH_BASE) and this one.
 */
import postgres from 'postgres';
import { closedLoop } from '../lib/load';
import { webhookSetDoc } from '../lib/webhook-load';
import { activateWebhook, databaseUrlOf, startServer as startMain, tempDataDir } from '../lib/taskmaster';
const BASE = process.env.BENCH_BASE ?? '/tmp/base';
// @ts-ignore: another checkout's module, typed the same
const { startServer: startBase } = await import(`${BASE}/bench/lib/taskmaster.ts`);
const N = 500;
for (const [name, start] of [
  ['base', startBase],
  ['main', startMain],
] as const) {
  const data = tempDataDir(`commits-${name}`);
  const server = await start({ dataDir: data.dir });
  await activateWebhook(server.api, server.url, webhookSetDoc('c', 'whenDone'), 'c');
  const url = `${server.url}/webhook/c`;
  await closedLoop(url, 100, 10);
  const sql = postgres(databaseUrlOf(data.dir), { max: 1, onnotice: () => {} });
  const stat = async () =>
    (
      await sql`select xact_commit + xact_rollback as x, tup_inserted + tup_updated + tup_deleted as t from pg_stat_database where datname = current_database()`
    )[0];
  await sql`select pg_stat_clear_snapshot()`;
  const a = await stat();
  const t0 = Date.now();
  await closedLoop(url, N, 10);
  const ms = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 800)); // stats are flushed about every second
  await sql`select pg_stat_clear_snapshot()`;
  const b = await stat();
  console.log(
    `${name}: ${((Number(b.x) - Number(a.x)) / N).toFixed(1)} transactions per run, ${((Number(b.t) - Number(a.t)) / N).toFixed(1)} rows written per run, ${(N / (ms / 1000)).toFixed(0)} req/s`,
  );
  await sql.end();
  await server.stop();
}
process.exit(0);

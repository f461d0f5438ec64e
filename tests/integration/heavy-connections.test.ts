/**
 * [heavy] The connection budget with real processes (issue 17): `taskmaster start --no-ui` and two
 * `taskmaster worker` processes share one embedded Postgres and take 3,000 webhooks over 50
 * connections. Before the budget, `start` alone opened ~100 connections and this ran out
 * ("too many clients already"). The heaviest test of the suite: minutes on a loaded 2-core
 * machine, so every wait is a poll with a generous deadline.
 */
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateHook,
  connectTo,
  freePort,
  makeDataDir,
  spawnTaskMaster,
  whenListening,
  type TaskMasterProcess,
} from '../helpers/start-process';
import { webhookLoad } from '../helpers/webhook-load';

const TOTAL = 3000;
const CONNECTIONS = 50;
/** What Postgres or a client says when connections run out or fail. */
const CONNECTION_ERRORS =
  /too many clients|remaining connection slots|ECONNREFUSED|ECONNRESET|CONNECTION_CLOSED|CONNECT_TIMEOUT|database connection lost|connection to .* was lost/i;

describe('[heavy] connection budget', () => {
  let dataDir: string;
  let port: number;
  const processes: TaskMasterProcess[] = [];

  beforeAll(async () => {
    dataDir = await makeDataDir();
    port = await freePort();
    processes.push(
      await spawnTaskMaster(dataDir, ['start', '--no-ui'], { env: { PORT: String(port) }, readyText: 'TaskMaster is running' }),
    );
    for (let i = 0; i < 2; i++) processes.push(await spawnTaskMaster(dataDir, ['worker'], { readyText: 'Worker running' }));
    await activateHook(dataDir, 'heavy');
    await whenListening(`http://127.0.0.1:${port}/webhook/heavy`);
  }, 600_000);

  afterAll(async () => {
    // Workers first, `start` (which started the Postgres) last: the last one out stops it.
    for (const p of [...processes].reverse()) {
      if (p.child.exitCode !== null) continue;
      p.child.kill('SIGINT');
      await p.exited;
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  }, 300_000);

  it('`start` + 2 `worker` processes on the embedded Postgres take 3,000 webhooks at 50 connections without a connection error', async () => {
    const sql = connectTo(dataDir);
    // Connections open on the server while the load runs: each process stays within its budget.
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [{ n }] = await sql`select count(*)::int as n from pg_stat_activity where backend_type = 'client backend'`;
        peak = Math.max(peak, n);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    try {
      const answers = await webhookLoad({
        url: `http://127.0.0.1:${port}/webhook/heavy`,
        total: TOTAL,
        connections: CONNECTIONS,
        timeoutMs: 120_000,
      });
      sampling = false;
      await sampler;
      const refused = answers.filter((a) => a.status !== 202);
      expect(refused.slice(0, 5)).toEqual([]);
      // 3 processes × DB_CONNECTIONS (30) + this test's 2.
      expect(peak, `peak connections ${peak}`).toBeLessThanOrEqual(3 * 30 + 2);
      console.log(`[heavy] peak connections during the load: ${peak}`);

      const count = async (status: string) =>
        Number((await sql`select count(*)::int as n from runs where trigger_kind = 'webhook' and status = ${status}`)[0].n);
      await expect.poll(() => count('succeeded'), { timeout: 600_000, interval: 500 }).toBe(TOTAL);
      // Three processes ran workers on the one Postgres (start and both workers).
      const runners = await sql`select count(distinct pid)::int as n from worker_heartbeats`;
      expect(runners[0].n).toBeGreaterThanOrEqual(3);
      const [{ max }] = await sql`select setting::int as max from pg_settings where name = 'max_connections'`;
      expect(max).toBe(300);
    } finally {
      sampling = false;
      await sampler.catch(() => {});
      await sql.end({ timeout: 5 });
    }
    for (const p of processes) expect(p.output().match(CONNECTION_ERRORS)?.[0] ?? null).toBe(null);
    const serverLog = readFileSync(path.join(dataDir, 'postgres.log'), 'utf8');
    expect(serverLog.match(/too many clients|remaining connection slots/)?.[0] ?? null).toBe(null);
  }, 900_000);
});

/**
 * What /api/health reports: the database, the workers (alive, last heartbeat), the queue. A
 * worker counts as dead after two missed heartbeats of its own interval; a worker that stops
 * cleanly removes its row, so it shows as gone at once.
 */
import type { Sql } from 'postgres';
import { queueState, type QueueState } from '../db/queue-state';
import { listHeartbeats } from '../db/worker-heartbeats';

export interface WorkerHealth {
  id: string;
  host: string;
  pid: number;
  lastSeen: string;
  heartbeatMs: number;
  alive: boolean;
}

export interface HealthReport {
  /** Everything works: the database answers and at least one worker is alive. */
  ok: boolean;
  database: { ok: boolean; ms: number | null; problem: string | null };
  workers: WorkerHealth[];
  queue: QueueState | null;
  /** What is affected, in plain words, one line per problem. */
  problems: string[];
}

const DATABASE_TIMEOUT_MS = 2000;

function timeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

export async function healthReport(sql: Sql, now = Date.now()): Promise<HealthReport> {
  const t0 = performance.now();
  try {
    const rows = await timeout(listHeartbeats(sql), DATABASE_TIMEOUT_MS);
    const ms = Math.round((performance.now() - t0) * 10) / 10;
    const dbNow = rows[0] ? (rows[0].db_now as Date).getTime() : now;
    const workers = rows.map((r) => {
      const lastSeen = r.last_seen as Date;
      const heartbeatMs = Number(r.heartbeat_ms);
      return {
        id: String(r.worker_id),
        host: String(r.hostname),
        pid: Number(r.pid),
        lastSeen: lastSeen.toISOString(),
        heartbeatMs,
        alive: dbNow - lastSeen.getTime() <= 2 * heartbeatMs,
      };
    });
    const queue = await timeout(queueState(sql), DATABASE_TIMEOUT_MS).catch(() => null);
    const problems: string[] = [];
    if (!workers.some((w) => w.alive)) {
      problems.push(
        'No worker is running: runs wait in the queue and schedules start nothing until one is (`npm start` or `taskmaster worker`).',
      );
    }
    return { ok: problems.length === 0, database: { ok: true, ms, problem: null }, workers, queue, problems };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      database: { ok: false, ms: null, problem: `The database does not answer (${message}).` },
      workers: [],
      queue: null,
      problems: ['The database does not answer: nothing can be saved or run until it is back. TaskMaster keeps trying to reconnect.'],
    };
  }
}

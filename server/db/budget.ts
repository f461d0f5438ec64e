/**
 * One connection budget per process, split between its pools (issue 17: `start` alone used to
 * open ~100 connections, and `start` + 2 workers exhausted the embedded Postgres).
 *
 * Pools queue statements when they are full (postgres.js, pg), so a smaller pool slows a burst
 * down a little but never fails it; connections Postgres refuses fail requests. Statements of a
 * run are short (a result insert, ~1 ms), so a few connections serve many runs at once.
 */

/** Default of DB_CONNECTIONS: connections one TaskMaster process opens at most. */
export const DEFAULT_DB_CONNECTIONS = 30;

/**
 * Connections outside the pools, counted in the budget: the LISTEN sessions (run events,
 * settings, the worker's cancel requests) and the trigger host's lock session.
 */
export const DEDICATED_CONNECTIONS = 4;

/** max_connections of the embedded Postgres: `start`, several workers and CLI commands at once. */
export const EMBEDDED_MAX_CONNECTIONS = 300;

export interface WebPools {
  /** Raw SQL: webhooks, tRPC, downloads. */
  sql: number;
  /** drizzle's own client (CRUD of the editor's pages). */
  orm: number;
}

export interface WorkerPools {
  /** Results that must reach the disk before the next step (side effects), run ends. */
  runs: number;
  /** Results of steps without side effects (asynchronous commit). */
  runsAsync: number;
  /** Browser profile locks (one session per profile in use; all but one) and profile reads (one). */
  browsers: number;
  /** graphile-worker's pool: fetching, completing jobs and its LISTEN. */
  queue: number;
}

export interface PoolPlan {
  web: WebPools | null;
  worker: WorkerPools | null;
  /** Everything this process may open, dedicated connections included. */
  total: number;
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/** The web server's and the worker's shares of a process's budget (dedicated connections taken off first). */
export function splitBudget(budget: number, { web, worker }: { web: boolean; worker: boolean }): { web: number; worker: number } {
  const available = Math.max(0, budget - DEDICATED_CONNECTIONS);
  const webShare = web ? (worker ? Math.round(available * 0.3) : available) : 0;
  return { web: webShare, worker: worker ? available - webShare : 0 };
}

export function webPools(share: number): WebPools {
  const sql = Math.max(2, Math.round(share * 0.75));
  return { sql, orm: Math.max(1, share - sql) };
}

/** Every pool gets at least what it needs to make progress, and never more than concurrency + 2. */
export function workerPools(share: number, concurrency: number): WorkerPools {
  const most = concurrency + 2;
  const queue = clamp(Math.floor(share * 0.25), 3, most);
  const browsers = 3;
  const runs = clamp(Math.floor((share - queue - browsers) * 0.6), 2, most);
  const runsAsync = clamp(share - queue - browsers - runs, 1, most);
  return { runs, runsAsync, browsers, queue };
}

/** The whole plan of one process (for the docs and tests: what `start`, `worker` open at most). */
export function planPools({
  budget,
  concurrency,
  web,
  worker,
}: {
  budget: number;
  concurrency: number;
  web: boolean;
  worker: boolean;
}): PoolPlan {
  const shares = splitBudget(budget, { web, worker });
  const w = web ? webPools(shares.web) : null;
  const k = worker ? workerPools(shares.worker, concurrency) : null;
  const pooled = (w ? w.sql + w.orm : 0) + (k ? k.runs + k.runsAsync + k.browsers + k.queue : 0);
  return { web: w, worker: k, total: pooled + DEDICATED_CONNECTIONS };
}

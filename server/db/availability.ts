/**
 * Telling "the database is away" (restarting, crashed, refusing connections) from every other
 * error, and waiting for it to come back. Used where TaskMaster rides out an outage instead of
 * failing: webhooks answer 503 + Retry-After, runs pause and resume, the job queue restarts.
 */
import type { Sql } from 'postgres';
import { connectPostgres } from './pg-socket';

/** Error codes of postgres.js, pg and Node sockets that mean the connection, not the query, failed. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // Postgres: too many clients, shutting down, crashed, starting up / in recovery.
  '53300',
  '57P01',
  '57P02',
  '57P03',
]);

const CONNECTION_MESSAGES = [
  // Wrapped errors keep only the words (graphile-worker's "whilst returning jobs …: connect ECONNREFUSED").
  /\b(ECONNREFUSED|ECONNRESET|EPIPE|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|CONNECT_TIMEOUT)\b/,
  /Connection terminated/i, // pg
  // graphile-worker's pool of a queue that stopped because the database went away, still used by a late callback.
  /Cannot use a pool after calling end on the pool/,
  /terminating connection/i,
  /Client has encountered a connection error/i, // pg
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * postgres.js 3.4 queues small writes for the next tick (setImmediate) and, when the connection
 * closes before that tick (Postgres killed), the queued write finds its socket gone: a TypeError
 * thrown from its connection.js with no one to catch it. It means the connection is lost; it is
 * recognised by where it was thrown, so the same words from our own code still count as a bug.
 */
function isWriteToClosedSocket(error: object): boolean {
  const { message, stack } = error as { message?: unknown; stack?: unknown };
  return (
    error instanceof TypeError &&
    typeof message === 'string' &&
    /of null \(reading 'write'\)/.test(message) &&
    typeof stack === 'string' &&
    /[\\/]postgres[\\/](cjs[\\/])?src[\\/]connection\.js/.test(stack)
  );
}

/** True when `error` (or its cause) says the database could not be reached, not that a query was wrong. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  // SQLSTATE class 08: connection exceptions.
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08/.test(code))) return true;
  if (typeof message === 'string' && CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (isWriteToClosedSocket(error)) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

export interface WaitOptions {
  /** Stops waiting (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** First pause between tries; doubles up to maxDelayMs. Default 250 ms. */
  minDelayMs?: number;
  /** Default 5 s. */
  maxDelayMs?: number;
}

/** Resolves once `select 1` succeeds, trying with growing pauses; other errors are thrown. */
export async function waitForDatabase(sql: Sql, { signal, minDelayMs = 250, maxDelayMs = 5000 }: WaitOptions = {}): Promise<void> {
  for (let delay = minDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
    signal?.throwIfAborted();
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(done, delay);
      function done() {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort() {
        clearTimeout(timer);
        reject(signal!.reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** Seconds a refused caller is told to wait (Retry-After): about one restart of Postgres. */
export const RETRY_AFTER_SECONDS = 5;

export interface OutageGate {
  /**
   * Resolves when the database answers again. Callers that arrive during one outage share one
   * wait, so the outage is logged once, not once per run.
   */
  wait(signal?: AbortSignal): Promise<void>;
}

export function createOutageGate(sql: Sql, log: (message: string) => void): OutageGate {
  let current: Promise<void> | null = null;
  return {
    wait(signal) {
      current ??= (async () => {
        log('Lost the connection to the database; waiting for it to answer again…');
        try {
          await waitForDatabase(sql);
          log('The database answers again; carrying on.');
        } finally {
          current = null;
        }
      })();
      if (!signal) return current;
      return Promise.race([
        current,
        new Promise<never>((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
      ]);
    },
  };
}

export interface DatabaseWatch {
  /** Rejects once the database has not answered for `waitMs`; never resolves. */
  lost: Promise<never>;
  stop(): void;
}

/**
 * Checks every few seconds, on a connection of its own, that the database still answers. A
 * query to a server that froze or vanished can wait forever (no client library times out a
 * query), so a CLI command races its work against `lost` and ends with a plain message.
 */
export function watchDatabase(url: string, { waitMs, describe }: { waitMs: number; describe: string }): DatabaseWatch {
  const sql = connectPostgres(url, { max: 1, onnotice: () => {}, connect_timeout: Math.max(1, Math.ceil(waitMs / 1000)) });
  let lastAnswer = Date.now();
  let checking = false;
  let fail: (error: Error) => void = () => {};
  const lost = new Promise<never>((_, reject) => (fail = reject));
  lost.catch(() => {}); // Only the racer reports it.
  const timer = setInterval(
    () => {
      if (Date.now() - lastAnswer > waitMs) {
        stop();
        fail(new DatabaseGoneError(describe, waitMs));
        return;
      }
      if (checking) return;
      checking = true;
      sql`select 1`
        .then(() => void (lastAnswer = Date.now()))
        .catch(() => {})
        .finally(() => (checking = false));
    },
    Math.max(100, Math.min(2000, waitMs / 4)),
  );
  timer.unref();
  function stop() {
    clearInterval(timer);
    void sql.end({ timeout: 0 }).catch(() => {});
  }
  return { lost, stop };
}

export class DatabaseGoneError extends Error {
  constructor(describe: string, waitMs: number) {
    super(
      `The database stopped answering: no answer from ${describe} for ${Math.round(waitMs / 1000)} s. ` +
        'Check that PostgreSQL is running, then try again (DB_WAIT_SECONDS sets how long to wait).',
    );
    this.name = 'DatabaseGoneError';
  }
}

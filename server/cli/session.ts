/**
 * The database (and, when asked, a worker) for one CLI command, always closed afterwards: a
 * command that started the embedded Postgres must stop it before the process exits.
 */
import { loadConfig, type Config } from '../config';
import { openDatabase, type OpenedDatabase } from '../db/connect';
import { splitBudget } from '../db/budget';
import { isDatabaseUnavailable, watchDatabase } from '../db/availability';
import { prepareEncryptionKey } from '../credentials/check';
import { keyStoreFor } from '../credentials/keys';
import { appContextFor, type AppContext } from '../context';
import type { WorkerHandle } from '../worker/runner';
import { progress } from './output';
import { PlainError } from './command';
import { ensurePluginsLoaded } from '../plugins';

export interface Session {
  config: Config;
  database: OpenedDatabase;
  ctx: AppContext;
  /** Starts a worker in this process; it is stopped with the session. Concurrency default: Settings, else WORKER_CONCURRENCY. */
  startWorker(concurrency?: number): Promise<WorkerHandle>;
}

export interface SessionOptions {
  /**
   * Default true: a database that stops answering for DB_WAIT_SECONDS ends the command with a
   * plain message instead of a wait without end. False for `worker`, which rides out outages.
   */
  giveUpWhenDatabaseGone?: boolean;
}

/** Bounded: a database that stopped answering must not keep the command from ending. */
async function within(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/** Opens the database, runs `use`, then stops the worker (if any) and the database, even on error. */
export async function withSession<T>(use: (session: Session) => Promise<T>, options: SessionOptions = {}): Promise<T> {
  const config = loadConfig();
  let database: OpenedDatabase;
  try {
    database = await openDatabase(config);
  } catch (error) {
    const where = config.databaseUrl ? 'DATABASE_URL' : `the data folder ${config.dataDir}`;
    // Only the first line: a statement that failed while opening (migrations) has its SQL below it.
    const reason = isDatabaseUnavailable(error)
      ? 'nothing answered there. Check that PostgreSQL is running and that the address is right'
      : error instanceof Error
        ? error.message.split('\n')[0].replace(/^Failed query:.*/, 'a statement failed')
        : String(error);
    throw new PlainError(`Could not open the database (${where}): ${reason}`, { cause: error });
  }
  const keys = keyStoreFor(config);
  await prepareEncryptionKey(database, keys);
  // Workflows may use plugin steps: import, validate and run need them in the registry.
  await ensurePluginsLoaded(progress);
  let worker: WorkerHandle | null = null;
  const session: Session = {
    config,
    database,
    ctx: appContextFor(database, keys),
    async startWorker(concurrency) {
      // The session's own pools (openDatabase's defaults: 4 + 2) come out of the same budget.
      const connections = Math.max(8, splitBudget(config.dbConnections, { web: false, worker: true }).worker - 6);
      // Loaded here, not at the top: most commands (list, import, export, runs...) need no worker,
      // and the worker's packages (graphile-worker, metrics, mail, the sandbox) cost a CLI start time.
      const { startWorker } = await import('../worker/runner');
      worker ??= await startWorker({ databaseUrl: database.url, concurrency, keys, log: progress, connections });
      return worker;
    },
  };
  const watch =
    options.giveUpWhenDatabaseGone === false
      ? null
      : watchDatabase(database.url, {
          waitMs: config.dbWaitMs,
          describe: config.databaseUrl ? 'DATABASE_URL' : `the embedded Postgres in ${config.dataDir}`,
        });
  let gone = false;
  try {
    if (!watch) return await use(session);
    return await Promise.race([use(session), watch.lost.catch((error: unknown) => ((gone = true), Promise.reject(error)))]);
  } finally {
    watch?.stop();
    // Waiting on a database that stopped answering would hang the exit: give each step a bound.
    const bound = gone ? 2000 : config.shutdownGraceMs + 30_000;
    // The worker first: it may still be writing a run's last results through its own pool.
    await within(
      bound,
      (worker as WorkerHandle | null)?.stop().catch((error: unknown) => progress(`worker: ${String(error)}`)) ?? Promise.resolve(),
    );
    await within(
      bound,
      database.stop().catch((error: unknown) => progress(`database: ${String(error)}`)),
    );
  }
}

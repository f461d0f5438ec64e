/**
 * The database (and, when asked, a worker) for one CLI command, always closed afterwards: a
 * command that started the embedded Postgres must stop it before the process exits.
 */
import { loadConfig, type Config } from '../config';
import { openDatabase, type OpenedDatabase } from '../db/connect';
import { splitBudget } from '../db/budget';
import { prepareEncryptionKey } from '../credentials/check';
import { keyStoreFor } from '../credentials/keys';
import { appContextFor, type AppContext } from '../services/context';
import { startWorker, type WorkerHandle } from '../worker/runner';
import { progress } from './output';
import { ensurePluginsLoaded } from '../plugins';

export interface Session {
  config: Config;
  database: OpenedDatabase;
  ctx: AppContext;
  /** Starts a worker in this process; it is stopped with the session. Concurrency default: Settings, else WORKER_CONCURRENCY. */
  startWorker(concurrency?: number): Promise<WorkerHandle>;
}

/** Opens the database, runs `use`, then stops the worker (if any) and the database, even on error. */
export async function withSession<T>(use: (session: Session) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let database: OpenedDatabase;
  try {
    database = await openDatabase(config);
  } catch (error) {
    const where = config.databaseUrl ? 'DATABASE_URL' : `the data folder ${config.dataDir}`;
    throw new Error(`Could not open the database (${where}): ${(error as Error).message}`, { cause: error });
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
      worker ??= await startWorker({ databaseUrl: database.url, concurrency, keys, log: progress, connections });
      return worker;
    },
  };
  try {
    return await use(session);
  } finally {
    // The worker first: it may still be writing a run's last results through its own pool.
    await (worker as WorkerHandle | null)?.stop().catch((error: unknown) => progress(`worker: ${String(error)}`));
    await database.stop().catch((error: unknown) => progress(`database: ${String(error)}`));
  }
}

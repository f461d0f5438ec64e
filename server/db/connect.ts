/**
 * Opening the database, the same way for `npm start`, the CLI and the SDK: DATABASE_URL when
 * set, else the embedded Postgres under the data dir (started, or reused when already running);
 * then migrations.
 */
import type { Config } from '../config';
import { createDb, type DbHandle } from './client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { migrate } from './migrate';

export interface OpenDatabaseOptions {
  /** Pool size of raw SQL. Default 4 (a CLI command); `start` sizes it from DB_CONNECTIONS. */
  max?: number;
  /** Pool size of drizzle's client. Default 2. */
  ormMax?: number;
  /** Tests only: the embedded server's no-fsync settings. Ignored with DATABASE_URL. */
  fast?: boolean;
  /** Progress and notices. Default: stderr, unless logLevel is warn or quieter. */
  log?: (message: string) => void;
}

export interface OpenedDatabase extends DbHandle {
  /**
   * The database's address as this process's pools (and its worker's) use it: DATABASE_URL, or the
   * embedded server's Unix socket when it has one (`embedded.localUrl`). Make postgres.js pools on
   * it with connectPostgres (server/db/pg-socket.ts).
   */
  url: string;
  /** Set when the embedded Postgres is used (started here or reused). */
  embedded: EmbeddedPostgres | undefined;
  /** Closes the pool, then stops the embedded server if this process started it. */
  stop(): Promise<void>;
}

function defaultLog(config: Pick<Config, 'logLevel'>) {
  const verbose = config.logLevel === 'debug' || config.logLevel === 'info';
  // stderr: the CLI's stdout carries command output.
  return verbose ? (message: string) => console.error(`[taskmaster] ${message}`) : () => {};
}

/** Resolves, migrates and connects to TaskMaster's database. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'logLevel'>,
  { max = 4, ormMax = 2, fast = false, log = defaultLog(config) }: OpenDatabaseOptions = {},
): Promise<OpenedDatabase> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir, fast, log });
  const url = config.databaseUrl ?? embedded?.localUrl;
  if (!url) throw new Error('No database URL: neither DATABASE_URL nor an embedded Postgres.');
  try {
    await migrate(url, { log });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const handle = createDb(url, { max, ormMax });
  return {
    ...handle,
    url,
    embedded,
    async stop() {
      await handle.close();
      await embedded?.stop();
    },
  };
}

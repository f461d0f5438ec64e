/**
 * Brings a database up to date: TaskMaster's tables (drizzle migrations) and graphile-worker's
 * schema, so the worker starts without migrating on its first run.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator';
import { Logger, runMigrations } from 'graphile-worker';
import { connectPostgres } from './pg-socket';

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'drizzle', 'migrations');

/**
 * Session-level advisory lock key ("taskmast" in ASCII), held while migrating so processes
 * starting at once (server, CLI, a second worker) migrate one after the other, not into each other.
 */
const MIGRATION_LOCK_KEY = '8386093285548225396';

export interface MigrateOptions {
  migrationsFolder?: string;
  /** Warnings and errors from graphile-worker's migrator. Default: ignored. */
  log?: (message: string) => void;
}

/** Applies pending migrations; a no-op when the database is current. */
export async function migrate(url: string, { migrationsFolder = MIGRATIONS_FOLDER, log }: MigrateOptions = {}): Promise<void> {
  const lock = connectPostgres(url, { max: 1, onnotice: () => {} });
  const client = connectPostgres(url, { max: 1, onnotice: () => {} });
  try {
    // Held by `lock`'s one connection; released when that connection closes, even on a crash.
    await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY}::bigint)`;
    await drizzleMigrate(drizzle(client), { migrationsFolder });
    await runMigrations({
      connectionString: url,
      logger: new Logger(() => (level, message) => {
        if (log && (level === 'error' || level === 'warning')) log(`graphile-worker: ${message}`);
      }),
    });
  } finally {
    await client.end({ timeout: 5 });
    await lock.end({ timeout: 5 });
  }
}

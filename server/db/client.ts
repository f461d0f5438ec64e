/**
 * The one way to talk to Postgres: a postgres.js pool and a drizzle instance over it.
 */
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import { connectPostgres } from './pg-socket';
import * as schema from '../../drizzle/schema';

export type Database = PostgresJsDatabase<typeof schema>;

export interface DbHandle {
  /** Raw postgres.js, for SQL drizzle does not express (graphile_worker.add_job, advisory locks). */
  sql: postgres.Sql;
  db: Database;
  /** Waits up to 5 s for running queries, then closes every connection. */
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** Pool size of raw SQL. Default 10. */
  max?: number;
  /** Pool size of drizzle's client. Default: max. */
  ormMax?: number;
}

export function createDb(url: string, { max = 10, ormMax = max }: CreateDbOptions = {}): DbHandle {
  const options = {
    max,
    // Server NOTICEs ("relation already exists, skipping") are noise for the app.
    onnotice: () => {},
    prepare: true,
  };
  const sql = connectPostgres(url, options);
  // drizzle() rewrites its client's json/jsonb serializers and timestamp parsers to pass values
  // through untouched (it converts them itself); on a shared client, raw queries would then send
  // objects where JSON text is expected (sql.json fails) and read dates back as strings.
  // So drizzle gets a client of its own (connections open lazily, only when drizzle is used).
  const drizzleClient = connectPostgres(url, { ...options, max: ormMax });
  const db = drizzle(drizzleClient, { schema });
  return {
    sql,
    db,
    close: async () => {
      await Promise.all([sql.end({ timeout: 5 }), drizzleClient.end({ timeout: 5 })]);
    },
  };
}

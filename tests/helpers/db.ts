/**
 * A database of its own for each test file (or test), on the server started by
 * tests/setup/global-postgres.ts. Never the user's database.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';

export interface TestDatabase extends DbHandle {
  name: string;
  url: string;
  /** Closes the pool and drops the database (even with connections still open). */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply drizzle and graphile-worker migrations. Default true; false gives an empty database. */
  migrated?: boolean;
  /** Pool size. Default 5. */
  max?: number;
}

async function withAdmin<T>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(inject('pgAdminUrl'), { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function createTestDatabase({ migrated = true, max = 5 }: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `tm_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = migrated ? inject('pgTemplateDb') : 'template1';
  await withAdmin((sql) => sql`create database ${sql(name)} template ${sql(template)}`);
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${name}`;
  // Cloned from a migrated template; migrating again is a quick check that it is current.
  if (migrated) await migrate(url.href);
  const handle = createDb(url.href, { max });
  return {
    ...handle,
    name,
    url: url.href,
    async drop() {
      await handle.close();
      await withAdmin((sql) => sql`drop database if exists ${sql(name)} with (force)`);
    },
  };
}

/**
 * What the API, the CLI and the SDK share: database handles and the node registry.
 * Built once per process; tests build their own against their own database.
 */
import type { Sql } from 'postgres';
import { getNodeType } from '../../nodes';
import { createDb, type Database } from '../db/client';
import type { NodeTypeLookup } from '../engine/validate';

export interface AppContext {
  sql: Sql;
  db: Database;
  lookup: NodeTypeLookup;
}

export function appContextFor(handle: { sql: Sql; db: Database }): AppContext {
  return { sql: handle.sql, db: handle.db, lookup: getNodeType };
}

/** A context with its own pool, for tests and scripts; close it with `close()`. */
export function createAppContext(databaseUrl: string, options: { max?: number } = {}): AppContext & { close(): Promise<void> } {
  const handle = createDb(databaseUrl, options);
  return { ...appContextFor(handle), close: handle.close };
}

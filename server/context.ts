/**
 * What the API, the CLI and the SDK share: database handles and the node registry.
 * Built once per process; tests build their own against their own database.
 */
import type { Sql } from 'postgres';
import { getNodeType } from '../nodes';
import { loadConfig } from './config';
import { lazyKeyStore, type KeyStore } from './credentials/keys';
import { createDb, type Database } from './db/client';
import type { NodeTypeLookup } from '../core/validate';

export interface AppContext {
  sql: Sql;
  db: Database;
  lookup: NodeTypeLookup;
  /** The key saved credentials are encrypted with. */
  keys: KeyStore;
}

/** `keys` defaults to TASKMASTER_ENCRYPTION_KEY, else <data dir>/encryption.key, read when first needed. */
export function appContextFor(handle: { sql: Sql; db: Database }, keys: KeyStore = lazyKeyStore(loadConfig)): AppContext {
  return { sql: handle.sql, db: handle.db, lookup: getNodeType, keys };
}

/** A context with its own pool, for tests and scripts; close it with `close()`. */
export function createAppContext(
  databaseUrl: string,
  options: { max?: number; keys?: KeyStore } = {},
): AppContext & { close(): Promise<void> } {
  const handle = createDb(databaseUrl, options);
  return { ...appContextFor(handle, options.keys), close: handle.close };
}

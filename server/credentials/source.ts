/** The worker's credential source: rows from the database, opened with the key store. */
import type { Sql } from 'postgres';
import { getCredentialRow } from '../db/credentials';
import type { CredentialSource } from './grant';
import type { KeyStore } from './keys';
import { openRow } from './sealed-values';

export function databaseCredentialSource(sql: Sql, keys: KeyStore): CredentialSource {
  return {
    async load(id) {
      const row = await getCredentialRow(sql, id);
      if (!row) return null;
      return { type: row.type, name: row.name, values: await openRow(keys, row) };
    },
  };
}

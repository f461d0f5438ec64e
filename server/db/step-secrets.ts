/**
 * Stored documents that hold sealed step secrets (server/credentials/step-secrets-at-rest.ts),
 * read and rewritten when the encryption key is rotated: every workflow version and every run's
 * copy, so "Run from here" on an old run still opens them.
 */
import type postgres from 'postgres';

type Tx = postgres.TransactionSql | postgres.Sql;

/** Rewrites each stored document `reseal` changes (null: unchanged); returns how many. */
export async function resealStoredDocuments(tx: Tx, pattern: string, reseal: (document: unknown) => unknown | null): Promise<number> {
  let count = 0;
  const versions = await tx`select workflow_id, version, document from workflow_versions where document::text like ${pattern}`;
  for (const row of versions) {
    const next = reseal(row.document);
    if (next === null) continue;
    await tx`update workflow_versions set document = ${tx.json(next as postgres.JSONValue)} where workflow_id = ${row.workflow_id} and version = ${row.version}`;
    count++;
  }
  const runs = await tx`select id, document from runs where document::text like ${pattern}`;
  for (const row of runs) {
    const next = reseal(row.document);
    if (next === null) continue;
    await tx`update runs set document = ${tx.json(next as postgres.JSONValue)} where id = ${row.id}`;
    count++;
  }
  return count;
}

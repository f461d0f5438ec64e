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

/** Where the one-time sealing pass (server/credentials/seal-stored-secrets.ts) got to; kept in `settings`. */
export interface SealPassMarker {
  done: boolean;
  /** Last workflow version handled: [workflow id, version]. */
  versionsAfter: [string, number] | null;
  /** Last run id handled. */
  runsAfter: string | null;
}

/** The settings row of the pass: a key the Settings page doesn't know, so it ignores it. */
export const SEAL_PASS_KEY = 'job:seal-typed-secrets';

export async function readSealPassMarker(sql: postgres.Sql): Promise<SealPassMarker> {
  const [row] = await sql<Array<{ value: SealPassMarker }>>`select value from settings where key = ${SEAL_PASS_KEY}`;
  return row?.value ?? { done: false, versionsAfter: null, runsAfter: null };
}

async function writeMarker(tx: Tx, marker: SealPassMarker): Promise<void> {
  await tx`
    insert into settings (key, value, updated_at) values (${SEAL_PASS_KEY}, ${JSON.stringify(marker)}::text::jsonb, now())
    on conflict (key) do update set value = excluded.value, updated_at = now()`;
}

export interface StoredDocumentRow {
  /** `workflow id` + version, or run id. */
  key: [string, number] | string;
  text: string;
}

/** The next `limit` workflow versions after `after`, in key order. */
export async function workflowVersionBatch(sql: postgres.Sql, after: [string, number] | null, limit: number): Promise<StoredDocumentRow[]> {
  const rows = after
    ? await sql`select workflow_id, version, document::text as text from workflow_versions
        where (workflow_id, version) > (${after[0]}, ${after[1]}) order by workflow_id, version limit ${limit}`
    : await sql`select workflow_id, version, document::text as text from workflow_versions order by workflow_id, version limit ${limit}`;
  return rows.map((r) => ({ key: [r.workflow_id as string, Number(r.version)], text: r.text as string }));
}

/** The next `limit` runs after `after`, in id order (the primary key: no sort of a million rows). */
export async function runDocumentBatch(sql: postgres.Sql, after: string | null, limit: number): Promise<StoredDocumentRow[]> {
  const rows = after
    ? await sql`select id, document::text as text from runs where id > ${after} order by id limit ${limit}`
    : await sql`select id, document::text as text from runs order by id limit ${limit}`;
  return rows.map((r) => ({ key: r.id as string, text: r.text as string }));
}

/** Writes the changed documents of one batch and the pass's new place in one transaction. */
export async function storeSealedBatch(
  sql: postgres.Sql,
  changed: Array<{ key: [string, number] | string; document: unknown }>,
  marker: SealPassMarker,
): Promise<void> {
  await sql.begin(async (tx) => {
    for (const { key, document } of changed) {
      const json = tx.json(document as postgres.JSONValue);
      if (typeof key === 'string') await tx`update runs set document = ${json} where id = ${key}`;
      else await tx`update workflow_versions set document = ${json} where workflow_id = ${key[0]} and version = ${key[1]}`;
    }
    await writeMarker(tx, marker);
  });
}

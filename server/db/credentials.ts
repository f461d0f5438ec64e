/**
 * SQL for saved credentials. Rows hold only name, type and the sealed (encrypted) values;
 * encryption happens in server/credentials. Written with postgres.js so the worker, which has
 * no drizzle instance, shares it with the API.
 */
import type { Sql, TransactionSql } from 'postgres';
import { z } from 'zod';
import type { Sealed } from '../credentials/crypto';

export interface CredentialRow extends Sealed {
  id: string;
  name: string;
  type: string;
  createdAt: Date;
  updatedAt: Date;
  lastTestAt: Date | null;
  lastTestStatus: 'ok' | 'failed' | null;
  lastTestMessage: string | null;
}

const rowSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  key_id: z.string(),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
  last_test_at: z.date().nullable(),
  last_test_status: z.enum(['ok', 'failed']).nullable(),
  last_test_message: z.string().nullable(),
});

function toRow(raw: unknown): CredentialRow {
  const r = rowSchema.parse(raw);
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    keyId: r.key_id,
    iv: r.iv,
    tag: r.tag,
    ciphertext: r.ciphertext,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastTestAt: r.last_test_at,
    lastTestStatus: r.last_test_status,
    lastTestMessage: r.last_test_message,
  };
}

type Db = Sql | TransactionSql;

/** Two credentials may not share a name (ignoring case): people pick them by name. */
export class DuplicateNameError extends Error {
  constructor(name: string) {
    super(`There is already a credential named "${name}". Choose another name.`);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

export async function listCredentialRows(sql: Db): Promise<CredentialRow[]> {
  const rows = await sql`
    select id, name, type, key_id, iv, tag, ciphertext, created_at, updated_at, last_test_at, last_test_status, last_test_message
    from credentials order by lower(name)`;
  return rows.map(toRow);
}

export async function getCredentialRow(sql: Db, id: string): Promise<CredentialRow | null> {
  const rows = await sql`
    select id, name, type, key_id, iv, tag, ciphertext, created_at, updated_at, last_test_at, last_test_status, last_test_message
    from credentials where id = ${id}`;
  return rows.length ? toRow(rows[0]) : null;
}

/** Id, name and type of every credential: enough to name them, nothing to decrypt. */
export async function listCredentialNames(sql: Db): Promise<Array<{ id: string; name: string; type: string }>> {
  const rows = await sql`select id, name, type from credentials order by lower(name)`;
  return rows.map((r) => z.object({ id: z.string(), name: z.string(), type: z.string() }).parse(r));
}

export async function insertCredentialRow(sql: Db, row: { id: string; name: string; type: string } & Sealed): Promise<void> {
  try {
    await sql`
      insert into credentials (id, name, type, key_id, iv, tag, ciphertext)
      values (${row.id}, ${row.name}, ${row.type}, ${row.keyId}, ${row.iv}, ${row.tag}, ${row.ciphertext})`;
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateNameError(row.name);
    throw error;
  }
}

/** New name and values; the last test result is cleared, since it was about the old values. */
export async function updateCredentialRow(sql: Db, id: string, name: string, sealed: Sealed): Promise<boolean> {
  try {
    const rows = await sql`
      update credentials set name = ${name}, key_id = ${sealed.keyId}, iv = ${sealed.iv}, tag = ${sealed.tag},
        ciphertext = ${sealed.ciphertext}, updated_at = now(), last_test_at = null, last_test_status = null, last_test_message = null
      where id = ${id} returning id`;
    return rows.length > 0;
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateNameError(name);
    throw error;
  }
}

/** Until the transaction ends, a credential saved meanwhile waits (key rotation re-encrypts them all). */
export async function lockCredentialsTable(tx: TransactionSql): Promise<void> {
  await tx`lock table credentials in exclusive mode`;
}

/** Re-encryption (key rotation): values unchanged, so `updated_at` and the test result stay. */
export async function resealCredentialRow(sql: Db, id: string, sealed: Sealed): Promise<void> {
  await sql`update credentials set key_id = ${sealed.keyId}, iv = ${sealed.iv}, tag = ${sealed.tag}, ciphertext = ${sealed.ciphertext} where id = ${id}`;
}

export async function recordCredentialTest(sql: Db, id: string, ok: boolean, message: string): Promise<Date> {
  const [row] = await sql`
    update credentials set last_test_at = now(), last_test_status = ${ok ? 'ok' : 'failed'}, last_test_message = ${message}
    where id = ${id} returning last_test_at`;
  return row ? z.date().parse(row.last_test_at) : new Date();
}

export async function deleteCredentialRow(sql: Db, id: string): Promise<boolean> {
  const rows = await sql`delete from credentials where id = ${id} returning id`;
  return rows.length > 0;
}

/** How many credentials each key id has encrypted: the start-up check compares them to the key. */
export async function countByKeyId(sql: Db): Promise<Array<{ keyId: string; count: number }>> {
  const rows = await sql`select key_id, count(*)::int as n from credentials group by key_id order by n desc`;
  return rows.map((r) => ({ keyId: String(r.key_id), count: z.number().parse(r.n) }));
}

/**
 * The current version of every workflow whose document mentions `id` (a cheap text match; the
 * caller checks which fields really hold it).
 */
export async function workflowsMentioning(sql: Db, id: string): Promise<Array<{ id: string; name: string; document: unknown }>> {
  const rows = await sql`
    select w.id, w.name, v.document
    from workflows w join workflow_versions v on v.workflow_id = w.id and v.version = w.current_version
    where strpos(v.document::text, ${id}) > 0
    order by lower(w.name)`;
  return rows.map((r) => ({ id: String(r.id), name: String(r.name), document: r.document as unknown }));
}

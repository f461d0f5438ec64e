/**
 * The two queries of the "new rows in a table" database trigger, run on the user's database (not
 * TaskMaster's: those stay in server/db/). The key is compared as Postgres prints it, so keys of
 * every type (timestamps with microseconds, bigints, text) come back exactly.
 */
import type postgres from 'postgres';

const KEY_ALIAS = '__taskmaster_key';

/** The largest key in the table as text, or null when it is empty. */
export async function newestKey(db: postgres.Sql, table: string, keyColumn: string): Promise<string | null> {
  const [row] = await db`select max(${db(keyColumn)})::text as last from ${db(table)}`;
  return (row?.last as string | null) ?? null;
}

/** Up to `limit` rows with a key after `lastKey` (all rows when null), in key order, each with its key as text. */
export async function rowsAfter(
  db: postgres.Sql,
  table: string,
  keyColumn: string,
  lastKey: string | null,
  limit: number,
): Promise<Array<{ key: string; row: Record<string, unknown> }>> {
  const key = db(keyColumn);
  const rows = await db`
    select *, ${key}::text as ${db(KEY_ALIAS)} from ${db(table)}
    ${lastKey === null ? db`` : db`where ${key} > ${lastKey}`}
    order by ${key} limit ${limit}`;
  return rows.map((r) => {
    const { [KEY_ALIAS]: k, ...row } = r;
    return { key: String(k), row };
  });
}

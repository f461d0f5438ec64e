/**
 * The advisory locks behind "one run at a time per browser profile" (server/browser/profile-lock.ts).
 * A lock is held on a reserved connection, so it spans every worker process and Postgres frees
 * it when a holder crashes. The holder's name is put in that connection's application_name,
 * which lets a waiting run ask who holds the profile.
 */
import type { ReservedSql, Sql } from 'postgres';

/** First half of the lock key ("brws" in ASCII), so these locks never meet other advisory locks. */
const LOCK_CLASS = 0x62727773;

export interface HeldProfileLock {
  /** Unlocks and gives the connection back; safe to call more than once. */
  release(): Promise<void>;
}

/** Takes the profile's lock if it is free, naming the holder `applicationName`; null when taken. */
export async function tryProfileAdvisoryLock(sql: Sql, profileId: string, applicationName: string): Promise<HeldProfileLock | null> {
  const conn = await sql.reserve();
  let held = false;
  try {
    const [row] = await conn`select pg_try_advisory_lock(${LOCK_CLASS}, hashtext(${profileId})) as ok`;
    if (row?.ok !== true) return null;
    held = true;
    await conn`select set_config('application_name', ${applicationName}, false)`;
    return { release: once(() => unlock(conn, profileId)) };
  } catch (error) {
    if (held) await unlock(conn, profileId);
    held = false;
    throw error;
  } finally {
    if (!held) conn.release();
  }
}

async function unlock(conn: ReservedSql, profileId: string): Promise<void> {
  try {
    await conn`select pg_advisory_unlock(${LOCK_CLASS}, hashtext(${profileId})), set_config('application_name', '', false)`;
  } finally {
    conn.release();
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

/** The application_name of the connection holding the profile's lock; '' when nobody holds it. */
export async function profileLockHolderName(sql: Sql, profileId: string): Promise<string> {
  const rows = await sql`
    select a.application_name as name
    from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and l.objsubid = 2
      and l.classid::bigint = ${LOCK_CLASS} and l.objid::bigint = (hashtext(${profileId})::bigint & 4294967295)`;
  return typeof rows[0]?.name === 'string' ? rows[0].name : '';
}

/**
 * The advisory lock that makes one process the trigger host (server/triggers/host.ts). It lives
 * on a connection of its own that lasts as long as the host: the lock belongs to that session,
 * so Postgres frees it when the holder dies, and closing the connection hands it over.
 */
import { connectPostgres } from './pg-socket';

/** Advisory lock key pair: "TSMT" and 1 = the trigger host (the migration lock uses a bigint key). */
const LOCK_NAMESPACE = 0x54534d54;
const LOCK_TRIGGER_HOST = 1;

export interface TriggerHostLock {
  /** Takes the lock if no other session holds it; true when this session holds it now. */
  tryTake(): Promise<boolean>;
  /** Whether this session still holds the lock (false after its connection dropped and came back). */
  holds(): Promise<boolean>;
  /** Closes the session, which releases the lock. */
  close(): Promise<void>;
}

export function openTriggerHostLock(databaseUrl: string): TriggerHostLock {
  // No idle timeout or maximum lifetime, or postgres.js would recycle the connection and drop
  // the lock silently.
  const sql = connectPostgres(databaseUrl, { max: 1, idle_timeout: 0, max_lifetime: null, onnotice: () => {} });
  return {
    async tryTake() {
      const [row] = await sql`select pg_try_advisory_lock(${LOCK_NAMESPACE}, ${LOCK_TRIGGER_HOST}) as got`;
      return row.got === true;
    },
    async holds() {
      const [row] = await sql`
        select count(*)::int as n from pg_locks
        where locktype = 'advisory' and classid = ${LOCK_NAMESPACE} and objid = ${LOCK_TRIGGER_HOST} and objsubid = 2
          and pid = pg_backend_pid() and granted`;
      return Number(row.n) > 0;
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

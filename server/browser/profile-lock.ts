/**
 * One run at a time per persistent profile: two browsers writing one profile folder corrupt it.
 * The lock is a Postgres advisory lock held on a reserved connection, so it spans every worker
 * process and is freed by Postgres itself when a holder crashes. The holder's name is put in
 * that connection's application_name, which lets a waiting run say who holds the profile.
 */
import type { ReservedSql, Sql } from 'postgres';
import { abortableSleep } from '../../nodes/lib/abort';

/** First half of the lock key ("brws" in ASCII), so these locks never meet other advisory locks. */
const LOCK_CLASS = 0x62727773;
const NAME_PREFIX = 'taskmaster:';
const POLL_MS = 200;

/** Who holds a profile: a run, or the Browser profiles page (a test page, a deletion). */
export type ProfileHolder = { kind: 'run'; runId: string } | { kind: 'profiles-page' };

export interface ProfileLock {
  release(): Promise<void>;
}

export class ProfileBusyError extends Error {
  constructor(
    message: string,
    readonly holder: ProfileHolder | null,
  ) {
    super(message);
    this.name = 'ProfileBusyError';
  }
}

export interface AcquireOptions {
  profileId: string;
  /** For messages. */
  profileName: string;
  holder: ProfileHolder;
  /** 0: fail at once when the profile is taken. */
  waitMs: number;
  signal?: AbortSignal;
  /** Called once when the profile is taken and waiting begins. */
  onWait?: (holder: ProfileHolder | null) => void;
}

/** Takes the profile's lock, waiting up to `waitMs`; throws ProfileBusyError naming the holder. */
export async function acquireProfileLock(sql: Sql, options: AcquireOptions): Promise<ProfileLock> {
  const { profileId, waitMs, signal } = options;
  const deadline = Date.now() + waitMs;
  let waiting = false;
  for (;;) {
    signal?.throwIfAborted();
    const lock = await tryLock(sql, profileId, options.holder);
    if (lock) return lock;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const holder = await holderOf(sql, profileId);
      throw new ProfileBusyError(busyMessage(options.profileName, holder, waitMs), holder);
    }
    if (!waiting) {
      waiting = true;
      options.onWait?.(await holderOf(sql, profileId));
    }
    await abortableSleep(Math.min(POLL_MS, remaining), signal ?? new AbortController().signal);
  }
}

async function tryLock(sql: Sql, profileId: string, holder: ProfileHolder): Promise<ProfileLock | null> {
  const conn = await sql.reserve();
  let held = false;
  try {
    const [row] = await conn`select pg_try_advisory_lock(${LOCK_CLASS}, hashtext(${profileId})) as ok`;
    if (row?.ok !== true) return null;
    held = true;
    await conn`select set_config('application_name', ${NAME_PREFIX + holderName(holder)}, false)`;
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

/** Who holds the profile's lock right now, or null when nobody (or it cannot be told). */
export async function holderOf(sql: Sql, profileId: string): Promise<ProfileHolder | null> {
  const rows = await sql`
    select a.application_name as name
    from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and l.objsubid = 2
      and l.classid::bigint = ${LOCK_CLASS} and l.objid::bigint = (hashtext(${profileId})::bigint & 4294967295)`;
  const name = typeof rows[0]?.name === 'string' ? rows[0].name : '';
  return parseHolder(name);
}

function holderName(holder: ProfileHolder): string {
  return holder.kind === 'run' ? `run:${holder.runId}` : 'profiles-page';
}

function parseHolder(name: string): ProfileHolder | null {
  if (!name.startsWith(NAME_PREFIX)) return null;
  const rest = name.slice(NAME_PREFIX.length);
  if (rest === 'profiles-page') return { kind: 'profiles-page' };
  if (rest.startsWith('run:')) return { kind: 'run', runId: rest.slice(4) };
  return null;
}

export function describeHolder(holder: ProfileHolder | null): string {
  if (!holder) return 'another run';
  return holder.kind === 'run' ? `run ${holder.runId}` : 'the Browser profiles page (a test page)';
}

function busyMessage(profileName: string, holder: ProfileHolder | null, waitMs: number): string {
  const waited = waitMs > 0 ? ` TaskMaster waited ${+(waitMs / 1000).toFixed(1)} s for it.` : '';
  return (
    `The browser profile "${profileName}" is in use by ${describeHolder(holder)}: a profile is used by one run at a time.${waited} ` +
    'Try again when that run has ended, or allow a longer wait in "Wait for the profile up to (seconds)".'
  );
}

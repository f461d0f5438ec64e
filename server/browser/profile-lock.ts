/**
 * One run at a time per persistent profile: two browsers writing one profile folder corrupt it.
 * The lock is a Postgres advisory lock (server/db/profile-locks.ts), so it spans every worker
 * process and is freed by Postgres itself when a holder crashes. The holder's name travels with
 * the lock, which lets a waiting run say who holds the profile.
 */
import type { Sql } from 'postgres';
import { abortableSleep } from '../../nodes/lib/abort';
import { profileLockHolderName, tryProfileAdvisoryLock } from '../db/profile-locks';

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

function tryLock(sql: Sql, profileId: string, holder: ProfileHolder): Promise<ProfileLock | null> {
  return tryProfileAdvisoryLock(sql, profileId, NAME_PREFIX + holderName(holder));
}

/** Who holds the profile's lock right now, or null when nobody (or it cannot be told). */
export async function holderOf(sql: Sql, profileId: string): Promise<ProfileHolder | null> {
  return parseHolder(await profileLockHolderName(sql, profileId));
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

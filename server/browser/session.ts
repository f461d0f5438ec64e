/**
 * Opens one browser session for a profile: takes the profile's lock (one run at a time), then
 * a browser slot (at most N browsers per process), then starts Chromium. Closing gives all
 * three back, in reverse order, whatever happened in between.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Sql } from 'postgres';
import type { Database } from '../db/client';
import { getProfile, type BrowserProfile } from '../db/browser-profiles';
import { findChromium } from './chromium-path';
import { createConnector } from '../network/connector';
import { startGuardProxy } from '../network/guard-proxy';
import { rulesActive, type OutboundRules } from '../network/guarded-fetch';
import { launchProfileContext } from './launch';
import { guardBrowser } from './outbound-guard';
import { acquireProfileLock, describeHolder, type ProfileHolder } from './profile-lock';
import { profileDir } from './profile-dirs';
import { assertRunMayUseProfile } from './profile-use';
import type { Semaphore } from './semaphore';

export interface SessionDeps {
  /** Where profiles are read and locked; null: only temporary browsers (no profile) can open. */
  database: { sql: Sql; db: Database } | null;
  profilesDir: string;
  slots: Semaphore;
  /** Default: findChromium() (CHROMIUM_PATH, /usr/bin/chromium, Playwright's browser). */
  executablePath?: string;
  /** Reads the proxy password a profile refers to (an encrypted credential). */
  proxyPassword?: (credentialId: string) => Promise<string>;
  /** The Settings page's outbound rules, applied to what the pages load (outbound-guard.ts). */
  outboundRules?: () => OutboundRules;
}

export interface SessionRequest {
  profileId: string | null;
  holder: ProfileHolder;
  profileWaitMs: number;
  signal: AbortSignal;
  /** Told in plain words when the session has to wait (profile taken, all browser slots busy). */
  onWait?: (message: string) => void;
  /** The outbound rules for this session, when the caller read them itself (the profile test page). */
  outboundRules?: OutboundRules;
}

export interface BrowserSession {
  profileId: string | null;
  profileName: string;
  context: BrowserContext;
  page: Page;
  launchMs: number;
  waitedMs: number;
  isOpen(): boolean;
  /** Closes the browser and frees the slot and the profile; safe to call more than once. */
  close(): Promise<void>;
}

const TEMPORARY = 'a temporary browser';
const CLOSE_LIMIT_MS = 10_000;

export async function openSession(deps: SessionDeps, request: SessionRequest): Promise<BrowserSession> {
  const { signal } = request;
  const started = performance.now();
  const profile = request.profileId ? await loadProfile(deps, request.profileId) : null;
  // Before the profile's lock: a run that may not use it must not even wait for it.
  if (profile && request.holder.kind === 'run') await assertRunMayUseProfile(deps.database!.sql, request.holder.runId, profile);
  // Before any waiting: a missing browser is a setup problem the user should hear about at once.
  const executablePath = deps.executablePath ?? findChromium();
  const undo: Array<() => Promise<void> | void> = [];
  const undoAll = async () => {
    for (const step of undo.reverse()) await Promise.resolve(step()).catch(() => {});
  };
  try {
    if (profile) {
      const lock = await acquireProfileLock(deps.database!.sql, {
        profileId: profile.id,
        profileName: profile.name,
        holder: request.holder,
        waitMs: request.profileWaitMs,
        signal,
        onWait: (holder) => request.onWait?.(`The profile "${profile.name}" is in use by ${describeHolder(holder)}; waiting for it.`),
      });
      undo.push(() => lock.release());
    }
    if (deps.slots.inUse >= deps.slots.max) {
      const n = deps.slots.max;
      request.onWait?.(
        n === 1
          ? 'The browser this worker may run is busy; waiting for it to close.'
          : `All ${n} browsers this worker may run are busy; waiting for one to close.`,
      );
    }
    undo.push(await deps.slots.acquire(signal));
    const userDataDir = profile ? profileDir(deps.profilesDir, profile.id) : await mkdtemp(path.join(tmpdir(), 'taskmaster-browser-'));
    if (!profile) undo.push(() => rm(userDataDir, { recursive: true, force: true }));
    const rules = request.outboundRules ?? deps.outboundRules?.();
    let proxy = profile?.proxyServer ? await proxyOf(deps, profile) : null;
    if (!proxy && rules && rulesActive(rules)) {
      // Every connection of the browser (redirects, WebSockets) through our checks, to the checked address.
      // A profile's own proxy resolves names itself: then only the page checks below apply.
      const guard = await startGuardProxy(createConnector(() => rules).resolveHost);
      undo.push(() => guard.close());
      proxy = { server: guard.server, username: '', password: '' };
    }
    const waitedMs = performance.now() - started;
    const t0 = performance.now();
    const context = await launchProfileContext({
      executablePath,
      userDataDir,
      userAgent: profile?.userAgent ?? '',
      viewport: { width: profile?.viewportWidth ?? 1280, height: profile?.viewportHeight ?? 720 },
      locale: profile?.locale ?? '',
      timezone: profile?.timezone ?? '',
      proxy,
    }).catch((error: unknown) => {
      throw new Error(`The browser could not start: ${firstLine(error)}`);
    });
    undo.push(() => closeContext(context));
    if (rules) await guardBrowser(context, rules, (message) => request.onWait?.(message));
    const launchMs = performance.now() - t0;
    signal.throwIfAborted();
    const page = context.pages()[0] ?? (await context.newPage());
    let open = true;
    const close = once(async () => {
      open = false;
      await undoAll();
    });
    // A browser that crashes or is closed from outside frees its slot and profile at once.
    context.once('close', () => void close());
    return {
      profileId: profile?.id ?? null,
      profileName: profile?.name ?? TEMPORARY,
      context,
      page,
      launchMs,
      waitedMs,
      isOpen: () => open,
      close,
    };
  } catch (error) {
    await undoAll();
    throw error;
  }
}

async function loadProfile(deps: SessionDeps, id: string): Promise<BrowserProfile> {
  if (!deps.database) throw new Error('Browser profiles cannot be used here: TaskMaster has no database connection for them.');
  const profile = await getProfile(deps.database.db, id);
  if (!profile) {
    throw new Error(`The browser profile "${id}" no longer exists. Choose another profile (or none) in the "Browser: open page" step.`);
  }
  return profile;
}

async function proxyOf(deps: SessionDeps, profile: BrowserProfile) {
  let password = '';
  if (profile.proxyCredentialId) {
    if (!deps.proxyPassword) throw new Error(`The proxy password of the browser profile "${profile.name}" cannot be read here.`);
    try {
      password = await deps.proxyPassword(profile.proxyCredentialId);
    } catch (error) {
      throw new Error(`The proxy password of the browser profile "${profile.name}" cannot be read: ${firstLine(error)}`);
    }
  }
  return { server: profile.proxyServer, username: profile.proxyUser, password };
}

async function closeContext(context: BrowserContext): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_LIMIT_MS);
  });
  await Promise.race([context.close().catch(() => {}), limit]);
  clearTimeout(timer);
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

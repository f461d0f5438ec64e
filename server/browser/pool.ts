/**
 * A worker's browsers: at most `maxBrowsers` at once (BROWSERS_PER_WORKER), one session per run
 * at a time. `forRun` gives a run the BrowserAccess its nodes see as `ctx.browser`; the run loop
 * closes it when the run ends, fails or is cancelled.
 */
import type { Page } from 'playwright-core';
import type { BrowserAccess, BrowserOpenRequest, OpenedBrowser } from '../../nodes/lib/browser-types';
import { Semaphore } from './semaphore';
import { openSession, type BrowserSession, type SessionDeps } from './session';

export interface BrowserPoolOptions extends Omit<SessionDeps, 'slots'> {
  /** Browsers running at once in this process (default 2); further runs wait for one to close. */
  maxBrowsers?: number;
  /** Told when a run waits or a browser starts. */
  log?: (message: string) => void;
}

/** A run's browser as the run loop sees it: what nodes get, plus closing. */
export interface RunBrowser extends BrowserAccess {
  close(): Promise<void>;
}

export interface BrowserPool {
  readonly slots: Semaphore;
  forRun(runId: string, runSignal: AbortSignal, log?: (message: string) => void): RunBrowser;
  /** Opens a session outside any run (the profile test page). */
  openSession(request: Parameters<typeof openSession>[1]): Promise<BrowserSession>;
  /** Closes every open session (worker shutdown). */
  close(): Promise<void>;
}

export const DEFAULT_BROWSERS = 2;

export function createBrowserPool(options: BrowserPoolOptions): BrowserPool {
  const slots = new Semaphore(options.maxBrowsers ?? DEFAULT_BROWSERS);
  const deps: SessionDeps = { ...options, slots };
  const open = new Set<BrowserSession>();

  const track = async (request: Parameters<typeof openSession>[1]) => {
    const session = await openSession(deps, request);
    open.add(session);
    const close = session.close;
    return {
      ...session,
      close: async () => {
        await close();
        open.delete(session);
      },
    };
  };

  return {
    slots,
    forRun: (runId, runSignal, log) => runBrowser(runId, runSignal, track, log ?? options.log),
    openSession: track,
    close: async () => {
      await Promise.all([...open].map((s) => s.close()));
      open.clear();
    },
  };
}

function runBrowser(
  runId: string,
  runSignal: AbortSignal,
  openTracked: (request: Parameters<typeof openSession>[1]) => Promise<BrowserSession>,
  log: ((message: string) => void) | undefined,
): RunBrowser {
  let session: BrowserSession | null = null;
  // Opening is serialised: two parallel branches must not start two browsers for one run.
  let queue: Promise<unknown> = Promise.resolve();
  let closed: Promise<void> | null = null;

  // The same promise for every caller: the run loop must wait for a close the cancel started.
  const close = () =>
    (closed ??= (async () => {
      // A browser still starting for this run is closed too, once it is up.
      await queue;
      const current = session;
      session = null;
      await current?.close();
    })());
  // Cancel closes the browser at once, which also ends any page call a node is waiting on.
  runSignal.addEventListener('abort', () => void close(), { once: true });

  const openNow = async (request: BrowserOpenRequest): Promise<OpenedBrowser> => {
    if (closed) throw new Error('The run has ended; its browser is closed.');
    if (session?.isOpen() && session.profileId === request.profileId) {
      return { page: session.page, reused: true, profileName: session.profileName, launchMs: 0, waitedMs: 0 };
    }
    // Another profile (or a crashed browser): this run's previous browser closes first.
    await session?.close();
    session = null;
    const next = await openTracked({
      profileId: request.profileId,
      holder: { kind: 'run', runId },
      profileWaitMs: request.profileWaitMs,
      signal: AbortSignal.any([request.signal, runSignal]),
      onWait: (message) => {
        request.onWait?.(message);
        log?.(`run ${runId}: ${message}`);
      },
    });
    session = next;
    if (closed) throw new Error('The run has ended; its browser is closed.');
    return { page: next.page, reused: false, profileName: next.profileName, launchMs: next.launchMs, waitedMs: next.waitedMs };
  };

  // Whether a step opened the run's own page; tabs for single items (openTab) leave it unused.
  let pageUsed = false;
  const queued = (request: BrowserOpenRequest) => {
    const result = queue.then(() => openNow(request));
    queue = result.catch(() => {});
    return result;
  };

  return {
    async open(request) {
      const opened = await queued(request);
      pageUsed = true;
      return opened;
    },
    async openTab(request) {
      const opened = await queued(request);
      return { ...opened, page: await opened.page.context().newPage() };
    },
    current(): Page | null {
      return pageUsed && session?.isOpen() ? session.page : null;
    },
    close,
  };
}

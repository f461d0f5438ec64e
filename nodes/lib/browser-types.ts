/**
 * What a Browser node may ask of the run's browser. The worker implements it (server/browser/)
 * and hands it to nodes as `ctx.browser`; nodes never import server code, so a test can give
 * them any object with this shape.
 */
import type { Page } from 'playwright-core';

export interface BrowserOpenRequest {
  /** A saved browser profile's id, or null for a fresh browser that keeps nothing after the run. */
  profileId: string | null;
  /** How long to wait when another run is using the profile, before failing. */
  profileWaitMs: number;
  /** The node's signal: waiting and launching stop when it aborts. */
  signal: AbortSignal;
  /** Told in plain words when the browser has to wait (profile in use, all browsers busy). */
  onWait?: (message: string) => void;
}

export interface OpenedBrowser {
  page: Page;
  /** True when the run's browser was already open with this profile and is used again. */
  reused: boolean;
  /** The profile's name for messages, or "a temporary browser". */
  profileName: string;
  /** How long starting the browser took, in ms (0 when reused). */
  launchMs: number;
  /** How long the run waited for the profile or a free browser slot, in ms. */
  waitedMs: number;
}

/**
 * One run's browser. Consecutive Browser nodes of a run share its one page; the worker closes
 * it when the run ends, fails or is cancelled.
 */
export interface BrowserAccess {
  /** Opens the browser with this profile, or reuses the one already open with it. */
  open(request: BrowserOpenRequest): Promise<OpenedBrowser>;
  /**
   * Opens the browser like `open`, or reuses it, and gives a new tab of it that the caller
   * closes (Open page for each item: a page per item). The run's own page is left as it was.
   */
  openTab?(request: BrowserOpenRequest): Promise<OpenedBrowser>;
  /** The page earlier Browser nodes of this run left open, or null when none is open. */
  current(): Page | null;
}

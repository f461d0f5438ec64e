/**
 * Acting on one element. When it fails, the message names the selector and says what went
 * wrong in plain words (nothing matched, hidden, not a valid selector), and a picture of the
 * page at that moment goes to the step's log and the data folder.
 */
import type { Locator, Page } from 'playwright-core';
import type { NodeContext } from '../types';
import { firstLine, seconds } from './browser-page';
import { failurePicture } from './browser-screenshots';

export interface Target {
  selector: string;
  waitMs: number;
}

/** "Wait 0 ms": the element must be there already; this is only the time to act on it. */
const NO_WAIT_MS = 250;

/** A step's "wait up to" as Playwright's timeout, which reads 0 as "no limit": here 0 means "don't wait". */
export function playwrightTimeout(waitMs: number): number {
  return waitMs === 0 ? NO_WAIT_MS : waitMs;
}

const SYNTAX = /while parsing|unknown engine|unexpected token|not a valid selector|unexpected symbol/i;

/**
 * Runs `act` on the first element matching the selector. `doing` completes "could not … it",
 * e.g. "click", "type into".
 */
export async function onElement<T>(
  ctx: NodeContext<unknown>,
  page: Page,
  target: Target,
  doing: string,
  act: (element: Locator, timeoutMs: number) => Promise<T>,
): Promise<T> {
  try {
    // Playwright reads a limit of 0 as "no limit": here 0 means "don't wait, it must be there".
    return await act(page.locator(target.selector).first(), playwrightTimeout(target.waitMs));
  } catch (error) {
    throw await elementFailure(ctx, page, target, doing, error);
  }
}

/** The error to throw for a failed element step (the run's own reason when it was cancelled). */
export async function elementFailure(
  ctx: NodeContext<unknown>,
  page: Page,
  target: Target,
  doing: string,
  error: unknown,
): Promise<unknown> {
  if (ctx.signal.aborted) return ctx.signal.reason;
  const message = await describe(page, target, doing, error);
  const picture = await failurePicture(ctx, page);
  ctx.log.error(message, { pageUrl: page.url(), ...(picture ?? {}) });
  return new Error(
    picture
      ? `${message} A picture of the page at that moment is in this step's log and saved as "${picture.file}" in the data folder.`
      : message,
  );
}

async function describe(page: Page, { selector, waitMs }: Target, doing: string, error: unknown): Promise<string> {
  // "locator.click: Timeout 1000ms exceeded." → the part after the method name.
  const reason = firstLine(error).replace(/^[\w.]+: /, '');
  if (error instanceof Error && error.name === 'TimeoutError') {
    // A page still changing (a navigation) cannot be counted; nothing found is then the best guess.
    const count = await page
      .locator(selector)
      .count()
      .catch(() => 0);
    if (count === 0) {
      return `No element on the page matches the selector "${selector}" (waited ${seconds(waitMs)} on ${page.url()}). Check the selector, or wait longer if the page is slow.`;
    }
    // Looked at now, not when the wait gave up: an element that arrived just after that is
    // visible, and calling it hidden sends people hunting for the wrong problem.
    const visible = await page
      .locator(selector)
      .first()
      .isVisible()
      .catch(() => false);
    if (doing === 'see disappear') {
      return `The element "${selector}" was still on the page after ${seconds(waitMs)}. Wait longer, or check that the page removes it.`;
    }
    if (visible) {
      return `The element "${selector}" is on the page and visible, but TaskMaster could not ${doing} it within ${seconds(waitMs)}: it probably appeared only after the step stopped waiting (raise "Wait for the element up to"), or something covers it or it is disabled.`;
    }
    return `The element "${selector}" is on the page, but hidden: TaskMaster could not ${doing} it within ${seconds(waitMs)}. Check that it is shown at this point (a menu to open first, say).`;
  }
  if (SYNTAX.test(reason)) {
    return `The selector "${selector}" is not valid (${reason}). Write it as CSS (like #email), text=Sign in, or role=button[name="Save"].`;
  }
  return `Could not ${doing} "${selector}": ${reason}`;
}

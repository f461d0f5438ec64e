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
    return await act(page.locator(target.selector).first(), target.waitMs);
  } catch (error) {
    throw await elementFailure(ctx, page, target, doing, error);
  }
}

/** The error to throw for a failed element step (the run's own reason when it was cancelled). */
export async function elementFailure(ctx: NodeContext<unknown>, page: Page, target: Target, doing: string, error: unknown): Promise<unknown> {
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
    const count = await page.locator(selector).count().catch(() => 0);
    if (count === 0) {
      return `No element on the page matches the selector "${selector}" (waited ${seconds(waitMs)} on ${page.url()}). Check the selector, or wait longer if the page is slow.`;
    }
    return `The element "${selector}" is on the page, but TaskMaster could not ${doing} it within ${seconds(waitMs)}: it may be hidden, covered by something else, or disabled.`;
  }
  if (SYNTAX.test(reason)) {
    return `The selector "${selector}" is not valid (${reason}). Write it as CSS (like #email), text=Sign in, or role=button[name="Save"].`;
  }
  return `Could not ${doing} "${selector}": ${reason}`;
}

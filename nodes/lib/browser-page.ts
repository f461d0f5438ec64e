/** What every Browser node needs: the run's open page, and items to pass on. */
import type { Page } from 'playwright-core';
import type { Item, NodeContext } from '../types';

/** The page earlier Browser steps of this run opened; a message saying what to add when none is. */
export function currentPage(ctx: NodeContext<unknown>): Page {
  if (!ctx.browser) {
    throw new Error(
      'Browser steps cannot run here: this TaskMaster process has no browser support. Run the workflow from the editor or with the worker.',
    );
  }
  const page = ctx.browser.current();
  if (!page) {
    throw new Error(
      `No web page is open. Put a "Browser: open page" step before "${ctx.node.name}" in the same run. Pages opened for each item close after their item.`,
    );
  }
  return page;
}

/**
 * Steps that only act on the page pass their items on unchanged, so values such as `$json.email`
 * stay available to the next step. At least one item goes on: a step after this one must run.
 */
export function passOn(ctx: NodeContext<unknown>): Item[] {
  const items = ctx.inputs.main ?? [];
  return items.length ? items : [{}];
}

/** Playwright's messages carry a call log after the first line; users need only the first. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).trim();
}

export function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)} s`;
}

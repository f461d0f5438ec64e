/**
 * The Settings page's outbound rules for the Browser steps: every request a page makes (the
 * page itself, its scripts, images, fetches) is checked like a step's own fetch. A refused page
 * is answered with a short explanation, so the step's screenshot and the next step's error show
 * why; a refused part of a page is simply not loaded.
 */
import type { BrowserContext, Route } from 'playwright-core';
import { checkOutbound, OutboundBlockedError, rulesActive, type OutboundRules } from '../network/guarded-fetch';

const CHECKED = new Set(['http:', 'https:', 'ws:', 'wss:']);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/**
 * Installs the check when rules are set at the time the browser opens (a run's browser lives as
 * long as the run, so a change in Settings applies from the next run on). `onBlocked` hears
 * each refusal in plain words, once per address.
 */
export async function guardBrowser(context: BrowserContext, rules: OutboundRules, onBlocked: (message: string) => void): Promise<void> {
  if (!rulesActive(rules)) return;
  const told = new Set<string>();
  await context.route('**/*', async (route: Route) => {
    const request = route.request();
    let url: URL;
    try {
      url = new URL(request.url());
    } catch {
      return route.continue();
    }
    if (!CHECKED.has(url.protocol)) return route.continue();
    try {
      await checkOutbound(url, rules);
    } catch (error) {
      if (!(error instanceof OutboundBlockedError)) throw error;
      if (!told.has(url.host)) {
        told.add(url.host);
        onBlocked(`The browser was not allowed to open ${url.origin}: ${error.message}`);
      }
      if (request.isNavigationRequest() && request.frame() === request.frame().page()?.mainFrame()) {
        return route.fulfill({
          status: 403,
          contentType: 'text/html; charset=utf-8',
          body: `<!doctype html><title>Blocked by TaskMaster</title><h1>Blocked by TaskMaster's Settings</h1><p>${escapeHtml(error.message)}</p>`,
        });
      }
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
}

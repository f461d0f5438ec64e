/**
 * The page actions the Browser nodes are made of. The single-action nodes, the Steps node and
 * the Script node all call these, so an action behaves and fails the same way everywhere.
 */
import type { Page, Response } from 'playwright-core';
import type { NodeContext } from '../types';
import { onElement, type Target } from './browser-elements';
import { firstLine, seconds } from './browser-page';

type Ctx = NodeContext<unknown>;
export type LoadState = 'load' | 'domcontentloaded' | 'networkidle';

export interface PageInfo {
  url: string;
  title: string;
  /** The HTTP status of the page, when it came from a server. */
  status: number | null;
}

/** Opens a web address in the page and waits for it to load. */
export async function goTo(ctx: Ctx, page: Page, address: string, waitUntil: LoadState, timeoutMs: number): Promise<PageInfo> {
  const url = checkedUrl(address);
  let status: number | null = null;
  // The answer's status, kept for the message when Chromium refuses an error answer without a page.
  let answered: number | null = null;
  const onResponse = (response: Response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) answered = response.status();
  };
  page.on('response', onResponse);
  try {
    const response = await page.goto(url, { waitUntil, timeout: timeoutMs });
    status = response?.status() ?? null;
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new Error(
        `The page ${url} did not finish loading within ${seconds(timeoutMs)}. Allow more time, or wait for less (like "The page text has loaded").`,
      );
    }
    throw new Error(`The page ${url} could not be opened: ${navigationWords(firstLine(error).replace(/^[\w.]+: /, ''), answered)}`);
  } finally {
    page.off('response', onResponse);
  }
  return { url: page.url(), title: await page.title().catch(() => ''), status };
}

const STATUS_NAMES: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  407: 'Proxy Authentication Required',
};

/** Chromium's net::ERR_… codes in words; anything else as it came. */
function navigationWords(reason: string, answered: number | null): string {
  if (reason.includes('ERR_HTTP_RESPONSE_CODE_FAILURE') && answered !== null) {
    const name = STATUS_NAMES[answered];
    return (
      `the server answered ${answered}${name ? ` (${name})` : ''} with no page.` +
      (answered >= 502 && answered <= 504 ? ' Through a proxy, this is the proxy saying it could not reach the site.' : '')
    );
  }
  if (/ERR_TUNNEL_CONNECTION_FAILED/.test(reason))
    return 'the proxy refused to connect to the site (it may be down, or the proxy may not allow it).';
  if (/ERR_PROXY_CONNECTION_FAILED/.test(reason))
    return 'the proxy of the browser profile did not answer. Check its address and that it is running.';
  if (/ERR_NAME_NOT_RESOLVED/.test(reason)) return 'no site has that name. Check the address for typing mistakes.';
  if (/ERR_CONNECTION_REFUSED/.test(reason))
    return 'nothing answered at that address (the connection was refused). Check the address and port.';
  return reason;
}

function checkedUrl(address: string): string {
  const text = address.trim();
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // Fall through to the message below.
  }
  throw new Error(`"${text}" is not a full web address. Write it with http:// or https://, like https://example.com/login.`);
}

export interface ClickOptions {
  button?: 'left' | 'right' | 'middle';
  double?: boolean;
  /** Wait for the page to load after the click (a link or a form that opens another page). */
  waitForLoad?: boolean;
}

export async function click(ctx: Ctx, page: Page, target: Target, options: ClickOptions = {}): Promise<void> {
  await onElement(ctx, page, target, 'click', (el, timeout) =>
    options.double ? el.dblclick({ button: options.button, timeout }) : el.click({ button: options.button, timeout }),
  );
  if (options.waitForLoad) await settle(ctx, page, target.waitMs);
}

/** After a click that may open another page: wait for it, but a click that opens none is fine. */
async function settle(ctx: Ctx, page: Page, timeoutMs: number): Promise<void> {
  try {
    await page.waitForLoadState('load', { timeout: Math.max(timeoutMs, 1000) });
  } catch {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    ctx.log.warn(`The page did not finish loading within ${seconds(timeoutMs)} after the click; going on.`);
  }
}

export interface TypeOptions {
  /** Press the keys one by one (for fields that react to each key) instead of filling at once. */
  slowly?: boolean;
  pressEnter?: boolean;
}

export async function typeInto(ctx: Ctx, page: Page, target: Target, text: string, options: TypeOptions = {}): Promise<void> {
  await onElement(ctx, page, target, 'type into', async (el, timeout) => {
    if (options.slowly) {
      await el.fill('', { timeout });
      await el.pressSequentially(text, { delay: 30, timeout });
    } else {
      await el.fill(text, { timeout });
    }
    if (options.pressEnter) await el.press('Enter', { timeout });
  });
}

export async function chooseOption(ctx: Ctx, page: Page, target: Target, option: string, by: 'label' | 'value'): Promise<string[]> {
  return onElement(ctx, page, target, 'choose an option in', (el, timeout) =>
    el.selectOption(by === 'label' ? { label: option } : { value: option }, { timeout }),
  );
}

export async function setChecked(ctx: Ctx, page: Page, target: Target, checked: boolean): Promise<void> {
  await onElement(ctx, page, target, checked ? 'tick' : 'untick', (el, timeout) => el.setChecked(checked, { timeout }));
}

/** Presses a key (Enter, Tab, Control+A…), on an element when a selector is given. */
export async function pressKey(ctx: Ctx, page: Page, key: string, target: Target | null): Promise<void> {
  try {
    if (target) await onElement(ctx, page, target, 'press a key on', (el, timeout) => el.press(key, { timeout }));
    else await page.keyboard.press(key);
  } catch (error) {
    if (/unknown key/i.test(firstLine(error))) {
      throw new Error(`"${key}" is not a key name. Use names like Enter, Tab, Escape, ArrowDown, or combinations like Control+A.`);
    }
    throw error;
  }
}

export type ElementState = 'visible' | 'hidden' | 'attached' | 'detached';

export async function waitForElement(ctx: Ctx, page: Page, target: Target, state: ElementState): Promise<void> {
  const doing = state === 'hidden' || state === 'detached' ? 'see disappear' : 'see';
  await onElement(ctx, page, target, doing, (el, timeout) => el.waitFor({ state, timeout }));
}

export type ReadWhat = 'text' | 'attribute' | 'html' | 'value';

/** Reads one element: its text, an attribute, its HTML, or a form field's value. */
export async function readOne(ctx: Ctx, page: Page, target: Target, what: ReadWhat, attribute = ''): Promise<string | null> {
  return onElement(ctx, page, target, 'read', async (el, timeout) => {
    if (what === 'attribute') return el.getAttribute(attribute, { timeout });
    if (what === 'html') return el.innerHTML({ timeout });
    if (what === 'value') return el.inputValue({ timeout });
    return ((await el.innerText({ timeout })) ?? '').trim();
  });
}

/** Reads every element matching: waits for the first one, then reads them all at once. */
export async function readAll(ctx: Ctx, page: Page, target: Target, what: ReadWhat, attribute = ''): Promise<Array<string | null>> {
  await onElement(ctx, page, target, 'find', (el, timeout) => el.waitFor({ state: 'attached', timeout }));
  const all = page.locator(target.selector);
  if (what === 'attribute') return all.evaluateAll((els, name) => els.map((e) => e.getAttribute(name)), attribute);
  if (what === 'html') return all.evaluateAll((els) => els.map((e) => e.innerHTML));
  if (what === 'value') return all.evaluateAll((els) => els.map((e) => ('value' in e ? String((e as HTMLInputElement).value) : null)));
  return (await all.allInnerTexts()).map((t) => t.trim());
}

/** Scrolls an element into view. */
export async function scrollTo(ctx: Ctx, page: Page, target: Target): Promise<void> {
  await onElement(ctx, page, target, 'scroll to', (el, timeout) => el.scrollIntoViewIfNeeded({ timeout }));
}

/** Scrolls by pixels (negative: up), like turning the mouse wheel. */
export async function scrollBy(page: Page, pixels: number): Promise<void> {
  await page.mouse.wheel(0, pixels);
}

/**
 * Scrolls to the bottom `times` times with a pause between: pages that load more entries as
 * you reach the end (endless lists) get the time to load them.
 */
export async function scrollToBottom(ctx: Ctx, page: Page, times: number, pauseMs: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    if (i < times - 1 || times === 1) await ctx.sleep(pauseMs);
  }
}

/**
 * "Pick on page": a live browser page for the editor's element picker and recorder. It opens the
 * flow's "Browser: open page" address with that step's profile (so the user is signed in where
 * the profile is), replays the Browser steps between it and the step being edited (so the page is
 * in the state that step will see), then answers pictures, hovers, picks, clicks and typing.
 *
 * Sessions live in this process, belong to the user who started them, and close when the dialog
 * closes, after IDLE_MS without a call (a closed tab), or at MAX_MS whatever happens.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { AppContext } from '../context';
import { databaseCredentialSource } from '../credentials/source';
import { getProfile } from '../db/browser-profiles';
import { checkOutbound, OutboundBlockedError } from '../network/guarded-fetch';
import { readSettings } from '../settings/service';
import { outboundRulesOf } from '../settings/runtime';
import { createBrowserPool, type BrowserPool } from './pool';
import { defaultProfilesDir } from './profile-dirs';
import { proxyPasswordReader } from './proxy-credentials';
import type { BrowserSession } from './session';
import { boxAt, pickAt, type PickedElement } from './picker-selectors';

/** A mistake or a failure the user can act on; shown as it is. */
export class PickerError extends Error {}

export interface PickerStep {
  type: string;
  config: Record<string, unknown>;
}

const IDLE_MS = 2 * 60_000;
const MAX_MS = 15 * 60_000;
const LOAD_LIMIT_MS = 30_000;
const REPLAY_LIMIT_MS = 10_000;

interface PickerSession {
  id: string;
  userId: string;
  browser: BrowserSession;
  idle: NodeJS.Timeout;
  max: NodeJS.Timeout;
}

const sessions = new Map<string, PickerSession>();
const pools = new WeakMap<AppContext['sql'], BrowserPool>();

function poolFor(ctx: AppContext): BrowserPool {
  let pool = pools.get(ctx.sql);
  if (!pool) {
    pool = createBrowserPool({
      database: { sql: ctx.sql, db: ctx.db },
      profilesDir: defaultProfilesDir(),
      maxBrowsers: 2,
      proxyPassword: proxyPasswordReader(databaseCredentialSource(ctx.sql, ctx.keys)),
    });
    pools.set(ctx.sql, pool);
  }
  return pool;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export interface PickerStart {
  sessionId: string;
  width: number;
  height: number;
  url: string;
  /** Steps that could not be replayed, in plain words (the page may then differ from a run's). */
  notes: string[];
}

/** Opens the page of `steps[0]` (a "Browser: open page" step) and replays the rest. */
export async function startPicker(ctx: AppContext, userId: string, steps: PickerStep[]): Promise<PickerStart> {
  const [open, ...rest] = steps;
  if (!open || open.type !== 'browser-open') {
    throw new PickerError(
      'Picking needs a "Browser: open page" step before this one, connected to it: add one with the address of the page.',
    );
  }
  const address = text(open.config.url).trim();
  if (!address) throw new PickerError('The "Browser: open page" step has no web address yet: fill in its "Web address (URL)" first.');
  if (address.includes('{{')) {
    throw new PickerError(
      'The "Browser: open page" step takes its address from earlier data ({{ }}), which is only known in a run. Put a plain address there while you pick, or type the selector yourself.',
    );
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new PickerError(`"${address}" is not a full web address. Write it with http:// or https://, like https://example.com.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PickerError('The page must be an http:// or https:// address.');
  const profileId = text(open.config.profileId) || null;
  if (profileId && !(await getProfile(ctx.db, profileId))) {
    throw new PickerError('The browser profile chosen in "Browser: open page" no longer exists. Choose another profile (or none) there.');
  }
  const outboundRules = outboundRulesOf((await readSettings(ctx.sql)).settings);
  await checkOutbound(url, outboundRules).catch((error: unknown) => {
    throw error instanceof OutboundBlockedError ? new PickerError(error.message) : error;
  });
  const browser = await poolFor(ctx).openSession({
    profileId,
    outboundRules,
    holder: { kind: 'profiles-page' },
    profileWaitMs: 5_000,
    signal: AbortSignal.timeout(120_000),
  });
  try {
    try {
      await browser.page.goto(url.href, { waitUntil: 'load', timeout: LOAD_LIMIT_MS });
    } catch (error) {
      throw new PickerError(`The page ${url.href} could not be opened: ${firstLine(error)}`);
    }
    const notes: string[] = [];
    for (const step of rest) {
      const note = await replay(browser.page, step);
      if (note) notes.push(note);
    }
    const session = track(userId, browser);
    const size = browser.page.viewportSize() ?? { width: 1280, height: 720 };
    return { sessionId: session.id, width: size.width, height: size.height, url: browser.page.url(), notes };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

function track(userId: string, browser: BrowserSession): PickerSession {
  const id = randomUUID();
  const session: PickerSession = {
    id,
    userId,
    browser,
    idle: setTimeout(() => void closePicker(id), IDLE_MS),
    max: setTimeout(() => void closePicker(id), MAX_MS),
  };
  session.idle.unref();
  session.max.unref();
  sessions.set(id, session);
  return session;
}

/** Does what an earlier Browser step does, when it can be done without a run's data. */
async function replay(page: Page, step: PickerStep): Promise<string | null> {
  const selector = text(step.config.selector);
  const uses = JSON.stringify(step.config).includes('{{');
  if (uses) return `A step that uses earlier data ({{ }}) was not replayed (${step.type}).`;
  const target = () => page.locator(selector).first();
  try {
    switch (step.type) {
      case 'browser-click':
        await target().click({ timeout: REPLAY_LIMIT_MS });
        await page.waitForLoadState('load', { timeout: LOAD_LIMIT_MS }).catch(() => {});
        return null;
      case 'browser-type':
        await target().fill(text(step.config.text), { timeout: REPLAY_LIMIT_MS });
        return null;
      case 'browser-press':
        if (selector) await target().press(text(step.config.key), { timeout: REPLAY_LIMIT_MS });
        else await page.keyboard.press(text(step.config.key));
        await page.waitForLoadState('load', { timeout: LOAD_LIMIT_MS }).catch(() => {});
        return null;
      case 'browser-select':
        await target().selectOption(
          step.config.by === 'value' ? { value: text(step.config.option) } : { label: text(step.config.option) },
          { timeout: REPLAY_LIMIT_MS },
        );
        return null;
      case 'browser-check':
        await target().setChecked(step.config.checked !== false, { timeout: REPLAY_LIMIT_MS });
        return null;
      default:
        return null;
    }
  } catch (error) {
    return `An earlier step (${step.type}, "${selector}") could not be replayed: ${firstLine(error)}`;
  }
}

function sessionOf(id: string, userId: string): PickerSession {
  const session = sessions.get(id);
  if (!session || session.userId !== userId || !session.browser.isOpen()) {
    throw new PickerError('This page is closed (it closes after 2 idle minutes). Close the dialog and pick again.');
  }
  session.idle.refresh();
  return session;
}

/** A JPEG of what the page shows now, as a data URL, with its address. */
export async function pickerFrame(id: string, userId: string) {
  const { page } = sessionOf(id, userId).browser;
  const shot = await page.screenshot({ type: 'jpeg', quality: 70, timeout: 10_000 });
  return { image: `data:image/jpeg;base64,${shot.toString('base64')}`, url: page.url(), title: await page.title().catch(() => '') };
}

export async function pickerHover(id: string, userId: string, x: number, y: number) {
  return boxAt(sessionOf(id, userId).browser.page, x, y);
}

export async function pickerPick(id: string, userId: string, x: number, y: number): Promise<PickedElement | null> {
  return pickAt(sessionOf(id, userId).browser.page, x, y);
}

/** Recording: picks the element at (x, y), then clicks it on the live page. */
export async function pickerClick(id: string, userId: string, x: number, y: number): Promise<PickedElement | null> {
  const { page } = sessionOf(id, userId).browser;
  const picked = await pickAt(page, x, y);
  await page.mouse.click(x, y);
  await page.waitForLoadState('load', { timeout: LOAD_LIMIT_MS }).catch(() => {});
  return picked;
}

/** Recording: types into the field the selector finds. */
export async function pickerType(id: string, userId: string, selector: string, value: string): Promise<void> {
  const { page } = sessionOf(id, userId).browser;
  try {
    await page.locator(selector).first().fill(value, { timeout: REPLAY_LIMIT_MS });
  } catch (error) {
    throw new PickerError(`Could not type into "${selector}": ${firstLine(error)}`);
  }
}

export async function closePicker(id: string, userId?: string): Promise<void> {
  const session = sessions.get(id);
  if (!session || (userId !== undefined && session.userId !== userId)) return;
  sessions.delete(id);
  clearTimeout(session.idle);
  clearTimeout(session.max);
  await session.browser.close();
}

/** Sessions open right now (for tests and shutdown). */
export function openPickerCount(): number {
  return sessions.size;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).replace(/^[\w.]+: /, '');
}

/**
 * "Open a test page with this profile": starts the profile's browser (waiting briefly if a run
 * uses it), opens the address, and returns a screenshot with what the page saw of the browser
 * (user agent, language, time zone), so a user can check a profile before a workflow uses it.
 */
import type { AppContext } from '../context';
import { databaseCredentialSource } from '../credentials/source';
import { getProfile } from '../db/browser-profiles';
import { NotFoundError } from '../errors';
import { createBrowserPool, type BrowserPool } from './pool';
import { defaultProfilesDir } from './profile-dirs';
import { proxyPasswordReader } from './proxy-credentials';
import { checkOutbound, OutboundBlockedError } from '../network/guarded-fetch';
import { readSettings } from '../settings/service';
import { outboundRulesOf } from '../settings/runtime';

export interface TestPageResult {
  /** A JPEG of the visible page, as a data URL. */
  screenshot: string;
  url: string;
  title: string;
  status: number | null;
  /** How the browser looked to the page. */
  seen: { userAgent: string; language: string; timeZone: string; window: string };
  launchMs: number;
}

/** A mistake or a failure the user can act on (the address, the site); shown as it is. */
export class TestPageError extends Error {}

const PROFILE_WAIT_MS = 5_000;
const LOAD_LIMIT_MS = 30_000;

// One small pool per API context: test pages are occasional and one at a time is plenty.
const pools = new WeakMap<AppContext['sql'], BrowserPool>();

function poolFor(ctx: AppContext): BrowserPool {
  let pool = pools.get(ctx.sql);
  if (!pool) {
    pool = createBrowserPool({
      database: { sql: ctx.sql, db: ctx.db },
      profilesDir: defaultProfilesDir(),
      maxBrowsers: 1,
      proxyPassword: proxyPasswordReader(databaseCredentialSource(ctx.sql, ctx.keys)),
    });
    pools.set(ctx.sql, pool);
  }
  return pool;
}

export async function openTestPage(ctx: AppContext, profileId: string, address: string, signal?: AbortSignal): Promise<TestPageResult> {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new TestPageError(`"${address}" is not a full web address. Write it with http:// or https://, like https://example.com.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TestPageError('The test page must be an http:// or https:// address.');
  if (!(await getProfile(ctx.db, profileId))) throw new NotFoundError(`There is no browser profile with the id "${profileId}".`);
  // The Settings page's outbound rules, as for a workflow's browser.
  const outboundRules = outboundRulesOf((await readSettings(ctx.sql)).settings);
  await checkOutbound(url, outboundRules).catch((error: unknown) => {
    throw error instanceof OutboundBlockedError ? new TestPageError(error.message) : error;
  });
  const session = await poolFor(ctx).openSession({
    profileId,
    outboundRules,
    holder: { kind: 'profiles-page' },
    profileWaitMs: PROFILE_WAIT_MS,
    signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(120_000)]) : AbortSignal.timeout(120_000),
  });
  try {
    const { page } = session;
    let status: number | null = null;
    try {
      status = (await page.goto(url.href, { waitUntil: 'load', timeout: LOAD_LIMIT_MS }))?.status() ?? null;
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/^[\w.]+: /, '');
      throw new TestPageError(`The page ${url.href} could not be opened with this profile: ${reason}`);
    }
    // Our own fixed code, run in the page to read what a site sees of this browser.
    const seen = await page.evaluate(() => ({
      userAgent: navigator.userAgent,
      language: navigator.language,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      window: `${window.innerWidth} × ${window.innerHeight}`,
    }));
    const shot = await page.screenshot({ type: 'jpeg', quality: 70 });
    return {
      screenshot: `data:image/jpeg;base64,${shot.toString('base64')}`,
      url: page.url(),
      title: await page.title(),
      status,
      seen,
      launchMs: Math.round(session.launchMs),
    };
  } finally {
    await session.close();
  }
}

/**
 * Starts Chromium for one profile: a persistent context on the profile's folder, so cookies
 * and logins stay there between runs, with the profile's user agent, window size, language,
 * time zone and proxy.
 */
// Type only: playwright-core takes ~0.4 s to load, so it is imported when a browser starts, not at startup.
import type { BrowserContext } from 'playwright-core';

/**
 * Flags tested on our machines (docs: shared ENVIRONMENT.md). With a proxy, Chromium's own update
 * checks would go through the user's proxy too: `--disable-component-update` alone no longer
 * stops them (Chromium 156 still asked update.googleapis.com), so the updater is also pointed at
 * an address where nothing answers.
 */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--component-updater=url-source=http://0.0.0.0:9/',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface LaunchSettings {
  executablePath: string;
  /** The folder that keeps the profile's cookies, logins and cache. */
  userDataDir: string;
  userAgent: string;
  viewport: { width: number; height: number };
  locale: string;
  timezone: string;
  proxy: { server: string; username: string; password: string } | null;
  /** Time limit for starting, in ms. */
  timeoutMs?: number;
}

export async function launchProfileContext(settings: LaunchSettings): Promise<BrowserContext> {
  const { proxy } = settings;
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(settings.userDataDir, {
    executablePath: settings.executablePath,
    headless: true,
    // Runs as root on servers, where Chromium's own sandbox cannot start.
    chromiumSandbox: false,
    args: CHROMIUM_ARGS,
    timeout: settings.timeoutMs ?? 60_000,
    viewport: settings.viewport,
    ...(settings.userAgent ? { userAgent: settings.userAgent } : {}),
    ...(settings.locale ? { locale: settings.locale } : {}),
    ...(settings.timezone ? { timezoneId: settings.timezone } : {}),
    ...(proxy
      ? { proxy: { server: proxy.server, ...(proxy.username ? { username: proxy.username, password: proxy.password } : {}) } }
      : {}),
    acceptDownloads: true,
    // Our own shutdown closes the browser; Playwright's signal handlers would race it.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  // `npm start` runs our TypeScript through tsx, whose esbuild wraps named functions in
  // `__name(fn, "name")`. Functions we hand to `evaluate` are sent to the page as source, where
  // that helper does not exist ("__name is not defined"); define it there as a no-op.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  return context;
}

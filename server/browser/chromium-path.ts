/**
 * Which Chromium the Browser nodes start: CHROMIUM_PATH when set, else the system's
 * /usr/bin/chromium, else the browser Playwright downloaded (when one was).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

// playwright-core takes ~0.4 s to load: required only when no system Chromium is found, not at startup.
const requireCjs = createRequire(import.meta.url);

export class BrowserUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserUnavailableError';
  }
}

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The browser program to start; throws BrowserUnavailableError with what to do when none is found. */
export function findChromium(env: Record<string, string | undefined> = process.env): string {
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new BrowserUnavailableError(
      `CHROMIUM_PATH is set to "${configured}", but there is no program there. Point it at the Chromium program, or unset it to use /usr/bin/chromium.`,
    );
  }
  for (const candidate of SYSTEM_PATHS) if (existsSync(candidate)) return candidate;
  const bundled = playwrightBrowser();
  if (bundled && existsSync(bundled)) return bundled;
  throw new BrowserUnavailableError(
    'No Chromium browser was found, so Browser steps cannot run. Install it (on Debian or Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to the Chromium program.',
  );
}

/** Playwright's own download location; it throws when it knows of none. */
function playwrightBrowser(): string | undefined {
  try {
    const { chromium } = requireCjs('playwright-core') as typeof import('playwright-core');
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

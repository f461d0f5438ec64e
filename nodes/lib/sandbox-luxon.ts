/**
 * Luxon inside the sandbox, for code written for n8n (`$now`, `$today`, `DateTime.fromISO(...)`):
 * Luxon's own browser build is evaluated in the isolate, so dates are made and changed there and
 * nothing of the host is reachable. A DateTime returned in an item becomes ISO text (its toJSON),
 * as in n8n. The compiled script is cached (V8 code cache) to keep each run cheap.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type ivm from 'isolated-vm';

/** Code that names one of these gets Luxon; other code does not pay for loading it. */
const USES_LUXON = /\$now\b|\$today\b|\bDateTime\b|\bDuration\b|\bInterval\b/;

export function usesLuxon(code: string): boolean {
  return USES_LUXON.test(code);
}

// Luxon's zone is set after this (installLuxon): the workflow's, else UTC, as dates in expressions.
// The isolate's own zone would be the server machine's: the same code would give other hours elsewhere.
const BINDINGS = `
globalThis.DateTime = luxon.DateTime;
globalThis.Duration = luxon.Duration;
globalThis.Interval = luxon.Interval;
Object.defineProperty(globalThis, '$now', { get: () => luxon.DateTime.now(), configurable: true });
Object.defineProperty(globalThis, '$today', { get: () => luxon.DateTime.now().startOf('day'), configurable: true });
`;

let source: string | undefined;
let codeCache: ivm.ExternalCopy<ArrayBuffer> | undefined;

/** Luxon's global (browser) build, found next to the package's Node build. */
function luxonSource(): string {
  if (source === undefined) {
    let main: string;
    try {
      main = createRequire(import.meta.url).resolve('luxon');
    } catch {
      main = createRequire(path.join(process.cwd(), 'package.json')).resolve('luxon');
    }
    const file = path.join(path.dirname(main), '..', 'global', 'luxon.min.js');
    source = `${readFileSync(file, 'utf8')}\n${BINDINGS}`;
  }
  return source;
}

/** Defines `luxon`, `DateTime`, `Duration`, `Interval`, `$now` and `$today` in the context, in `zone`. */
export async function installLuxon(isolate: ivm.Isolate, context: ivm.Context, timeoutMs: number, zone = 'UTC'): Promise<void> {
  const filename = 'luxon.js';
  const script = await isolate.compileScript(
    luxonSource(),
    codeCache ? { cachedData: codeCache, filename } : { produceCachedData: true, filename },
  );
  // isolated-vm sets `cachedData` on the script (CachedDataResult) but its typings leave it off Script.
  const produced = (script as ivm.Script & ivm.CachedDataResult).cachedData;
  if (!codeCache && produced) codeCache = produced;
  await script.run(context, { timeout: timeoutMs, release: true });
  // The zone was checked as a time zone name when the workflow was saved; passed as data, never as code.
  await context.evalClosure('luxon.Settings.defaultZone = $0;', [zone], { arguments: { copy: true }, timeout: timeoutMs });
}

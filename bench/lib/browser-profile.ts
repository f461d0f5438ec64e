/**
 * CPU profile of a page's main thread (Chromium's V8 sampler over CDP), summarised per function
 * and per source like the server's profiles (`profile.ts`). The app's scripts are minified: when
 * the build has browser source maps (`TASKMASTER_BROWSER_SOURCE_MAPS=1` at build time) each frame
 * is named by its original function and file, otherwise by its chunk and minified name.
 */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { type FrameName, type Profile, type ProfileSummary, summariseProfileData } from './profile';

const BUILD = path.join(import.meta.dirname, '..', '..', '.next');

/** Starts sampling the page's main thread every 100 µs; the returned function stops and hands the profile back. */
export async function startProfile(page: Page): Promise<() => Promise<Profile>> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  return async () => {
    const { profile } = await session.send('Profiler.stop');
    await session.detach();
    return profile as unknown as Profile;
  };
}

/** Source maps of the page's scripts, fetched once per script (null: the build has none). */
const maps = new Map<string, Promise<TraceMap | null>>();

/** A script or its map, from the server or (once it has stopped) from the build folder on disk. */
async function readAsset(url: string): Promise<string | null> {
  try {
    const res = await fetch(url);
    if (res.ok) return await res.text();
  } catch {
    // the server is gone: read the build instead
  }
  const file = path.join(BUILD, new URL(url).pathname.replace(/^\/_next\//, ''));
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

async function mapOf(url: string): Promise<TraceMap | null> {
  let map = maps.get(url);
  if (!map) {
    map = (async () => {
      // The map's name is not the script's: the script says where its map is.
      const script = await readAsset(url);
      const name = script?.match(/\/\/# sourceMappingURL=(\S+)\s*$/)?.[1];
      const text = name ? await readAsset(new URL(name, url).href) : null;
      return text ? new TraceMap(text) : null;
    })().catch(() => null);
    maps.set(url, map);
  }
  return map;
}

/** The package or app folder of a source file named by a source map (or the script's file name). */
function ownerOfSource(source: string): string {
  source = shortSource(source);
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = source.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const app = source.match(/(app|core|server|nodes)\/.*$/);
  return app ? app[0].replace(/\/[^/]*$/, '') : source.replace(/^.*\//, '');
}

/** A source path without the bundler's prefix: `node_modules/<pkg>/…` or `app/…`. */
function shortSource(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) return source.slice(nm);
  return source.replace(/^.*?\[project\]\//, '').replace(/^[a-z]+:\/\/\/?/, '');
}

export interface BrowserProfileSummary extends ProfileSummary {
  /** Main-thread time outside JavaScript: style, layout, paint, input handling (V8's "(program)"). */
  nativeMs: number;
  sourceMapped: boolean;
}

/** Self time per original function and per package/app folder; `(program)` is reported apart as native time. */
export async function summariseBrowserProfile(profile: Profile, top = 25): Promise<BrowserProfileSummary> {
  const urls = new Set(profile.nodes.map((n) => n.callFrame.url).filter((u) => u.startsWith('http')));
  const loaded = new Map<string, TraceMap | null>();
  for (const url of urls) loaded.set(url, await mapOf(url));
  let sourceMapped = false;
  const resolve = (frame: Profile['nodes'][number]['callFrame']): FrameName => {
    const file = frame.url.replace(/^.*\//, '');
    const map = loaded.get(frame.url);
    if (map) {
      const pos = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber ?? 0 });
      if (pos.source) {
        sourceMapped = true;
        const source = shortSource(pos.source);
        return {
          name: pos.name ?? (frame.functionName || '(anonymous)'),
          where: `${source}:${pos.line}`,
          owner: ownerOfSource(pos.source),
        };
      }
    }
    return {
      name: frame.functionName || '(anonymous)',
      where: file ? `${file}:${frame.lineNumber + 1}` : '',
      owner: file || '(native/V8)',
    };
  };
  const summary = summariseProfileData(profile, top, 0, resolve);
  const program = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(program)').map((n) => n.id));
  let nativeUs = 0;
  profile.samples.forEach((id, i) => {
    if (program.has(id)) nativeUs += profile.timeDeltas[i] ?? 0;
  });
  return { ...summary, nativeMs: Math.round(nativeUs / 1000), sourceMapped };
}

export function printBrowserProfile(label: string, s: BrowserProfileSummary): void {
  console.log(
    `\nCPU profile of ${label}: ${s.totalMs} ms of JavaScript and GC, ${s.nativeMs} ms native (style, layout, paint, input)${s.sourceMapped ? '' : '; no source maps in this build, so names are minified (build with TASKMASTER_BROWSER_SOURCE_MAPS=1)'}`,
  );
  console.table(s.owners);
  console.table(s.functions);
}

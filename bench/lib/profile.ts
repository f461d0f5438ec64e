/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and sums self time per function and per package,
 * so a benchmark can print where the server spent its CPU.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package (node_modules/<name>), `node:internal`, or the repo folder a frame belongs to. */
function ownerOf(url: string): string {
  if (url === '') return '(native/V8)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = url.match(/\/(server|nodes|bench)\/(.*)$/);
  return m ? `${m[1]}/${m[2].split('/')[0]}` : path.basename(url);
}

export interface ProfileSummary {
  totalMs: number;
  functions: Array<{ name: string; where: string; selfMs: number; pct: number }>;
  owners: Array<{ owner: string; selfMs: number; pct: number }>;
}

/** Where a sampled frame is, as the summary names it (a browser profile maps minified code back to its source). */
export interface FrameName {
  name: string;
  where: string;
  owner: string;
}
export type FrameResolver = (frame: ProfileNode['callFrame']) => FrameName;

function nodeFrame({ functionName, url, lineNumber }: ProfileNode['callFrame']): FrameName {
  const where = url ? `${url.replace(/^.*?(node_modules\/|\/work\/main\/)/, '')}:${lineNumber + 1}` : '';
  return { name: functionName || '(anonymous)', where, owner: ownerOf(url) };
}

/** `skipMs`: leave out the first milliseconds of the profile (start-up: module loading, migrations). */
export function summariseProfile(file: string, top = 15, skipMs = 0): ProfileSummary {
  return summariseProfileData(JSON.parse(readFileSync(file, 'utf8')) as Profile, top, skipMs);
}

/** Self time per function and per owner of a profile already in memory (see `summariseProfile`). */
export function summariseProfileData(profile: Profile, top = 15, skipMs = 0, resolve: FrameResolver = nodeFrame): ProfileSummary {
  const self = new Map<number, number>();
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    elapsed += delta;
    if (elapsed >= skipMs) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const byFn = new Map<string, { name: string; where: string; selfMs: number }>();
  const byOwner = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    const { functionName } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') {
      continue;
    }
    total += ms;
    const frame = resolve(node.callFrame);
    const key = `${frame.name}@${frame.where}`;
    const entry = byFn.get(key) ?? { name: frame.name, where: frame.where, selfMs: 0 };
    entry.selfMs += ms;
    byFn.set(key, entry);
    const owner = functionName === '(garbage collector)' ? '(garbage collector)' : frame.owner;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
  }
  const pct = (ms: number) => Math.round((ms / total) * 1000) / 10;
  return {
    totalMs: Math.round(total),
    functions: [...byFn.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((f) => ({ ...f, selfMs: Math.round(f.selfMs), pct: pct(f.selfMs) })),
    owners: [...byOwner.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([owner, ms]) => ({ owner, selfMs: Math.round(ms), pct: pct(ms) })),
  };
}

/** The newest main-thread .cpuprofile in `dir` (CPU.<date>.<time>.<pid>.<thread>.<n>; tsx's loader is thread 1). */
export function newestProfile(dir: string): string | null {
  const files = readdirSync(dir)
    .filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
    .sort();
  return files.length ? path.join(dir, files[files.length - 1]) : null;
}

export function printProfile(label: string, summary: ProfileSummary): void {
  console.log(`\nCPU profile of ${label}: ${summary.totalMs} ms of CPU (idle excluded)`);
  console.table(summary.owners);
  console.table(summary.functions);
}

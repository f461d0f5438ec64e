/**
 * `npm start` on a fresh clone has no UI build yet: build it once, and again when files under
 * the UI draws on (app/, server/, nodes/…) are newer than the build, so a pulled change to the UI is never served stale.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// server/settings holds the labels and help the Settings page shows: the UI bundles it.
// The pages import code from server/ and nodes/ too (document schema, settings, n8n detection),
// so a change there can change the UI: watch them all rather than track the import graph.
const UI_SOURCES = ['app', 'public', 'server', 'nodes', 'next.config.js', 'postcss.config.mjs', 'package.json'];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function uiBuildIsCurrent(root: string): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return UI_SOURCES.every((source) => newestMtime(path.join(root, source)) <= built);
}

export async function ensureUiBuild(root: string, log: (m: string) => void): Promise<void> {
  if (uiBuildIsCurrent(root)) return;
  log('Building the web app (first start or changed UI files; about a minute)…');
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit code ${code})`))));
  });
}

/**
 * Installs the peer tools with npm into a cache folder outside the repository ($PEERS, default
 * ~/.cache/taskmaster-peers), once: later runs reuse it. Never in CI.
 * Versions: the newest whose `engines` accept Node 20 (n8n 2.10+ needs Node 22.16, node-red 5
 * needs 22.9); override with N8N_VERSION / NODERED_VERSION.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type PeerName = 'n8n' | 'node-red';

export const PEERS_DIR = process.env.PEERS ?? path.join(os.homedir(), '.cache', 'taskmaster-peers');

export const PEER_PACKAGES: Record<PeerName, { pkg: string; version: string }> = {
  'node-red': { pkg: 'node-red', version: process.env.NODERED_VERSION ?? '4.1.15' },
  n8n: { pkg: 'n8n', version: process.env.N8N_VERSION ?? '2.8.4' },
};

export const installDir = (name: PeerName) => path.join(PEERS_DIR, name);

function installedVersion(name: PeerName): string | null {
  const file = path.join(installDir(name), 'node_modules', PEER_PACKAGES[name].pkg, 'package.json');
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Installs `name` unless the pinned version is there already; returns its version. */
export function ensureInstalled(name: PeerName): string {
  const { pkg, version } = PEER_PACKAGES[name];
  if (installedVersion(name) === version) return version;
  if (process.env.CI) throw new Error('Peer tools are not installed in CI (run --peers on a workstation).');
  const dir = installDir(name);
  mkdirSync(dir, { recursive: true });
  // n8n-nodes-base wants xlsx from a tarball on cdn.sheetjs.com (unreachable offline): use the
  // last registry release instead. Only the spreadsheet nodes use it; no benchmark does.
  const manifest = { name: `peer-${name}`, private: true, ...(name === 'n8n' ? { overrides: { xlsx: '0.18.5' } } : {}) };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`Installing ${pkg}@${version} into ${dir} (n8n: ~2.3 GB, several minutes)…`);
  const t0 = performance.now();
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${version}`], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm install ${pkg}@${version} failed (exit ${result.status}).`);
  const size = execFileSync('du', ['-sh', path.join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0];
  console.log(`Installed ${pkg}@${version} in ${((performance.now() - t0) / 1000).toFixed(1)} s (${size}).`);
  return version;
}

/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name> [<name>…]` some of them;
 * `--peers` also installs (once, into $PEERS or ~/.cache/taskmaster-peers; never in CI) and
 * measures n8n and Node-RED on the same workloads (`--peers=node-red` for one of them).
 * Each benchmark runs in its own process, prints its table and writes bench/results/<name>.json.
 * Figures are reported, never asserted: a slow machine makes no benchmark fail.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled, type PeerName } from './peers/install';

const BENCHMARKS = ['engine-chain', 'fan-out', 'throughput', 'big-data', 'editor', 'startup', 'scale-out', 'runs-page'] as const;
const here = path.dirname(fileURLToPath(import.meta.url));

const args = process.argv.slice(2);
const peersArg = args.find((a) => a === '--peers' || a.startsWith('--peers='));
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
if (unknown.length || args.includes('--help')) {
  console.log(`Usage: npm run bench -- [--peers[=n8n,node-red]] [${BENCHMARKS.join(' | ')} …]`);
  if (unknown.length) console.log(`Unknown benchmark: ${unknown.join(', ')}`);
  process.exit(unknown.length ? 2 : 0);
}

let peers: PeerName[] = [];
if (peersArg) {
  peers = peersArg === '--peers' ? ['node-red', 'n8n'] : (peersArg.slice(8).split(',') as PeerName[]);
  if (process.env.CI) {
    console.log('--peers is ignored in CI (it installs ~2.4 GB of other tools).');
    peers = [];
  }
  for (const peer of peers) ensureInstalled(peer);
}

const chosen = names.length ? names : [...BENCHMARKS];
console.log(
  `Benchmarks: ${chosen.join(', ')}${peers.length ? ` (with ${peers.join(', ')})` : ''}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const failed: string[] = [];
for (const name of chosen) {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, ['--no-node-snapshot', '--import', 'tsx', path.join(here, `${name}.ts`)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PEERS: peers.join(',') || '0' },
  });
  console.log(
    `${name}: ${result.status === 0 ? 'done' : `FAILED (exit ${result.status ?? result.signal})`} in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  if (result.status !== 0) failed.push(name);
}
console.log(failed.length ? `\nFailed: ${failed.join(', ')}` : '\nAll benchmarks ran; results in bench/results/.');
process.exit(failed.length ? 1 : 0);

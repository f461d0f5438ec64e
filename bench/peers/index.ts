/**
 * The peers a benchmark compares with, when `npm run bench -- --peers` asked for them
 * (BENCH_PEERS=1 for both, or a list such as BENCH_PEERS=node-red).
 */
import { r2, r3, type Row } from '../lib/report';
import { sequential } from '../lib/load';
import { startN8n } from './n8n';
import { startNodeRed } from './node-red';
import type { PeerName } from './install';
import type { PeerServer } from './types';

export type { PeerServer } from './types';

export function peersWanted(): PeerName[] {
  const v = process.env.BENCH_PEERS ?? '';
  if (v === '' || v === '0') return [];
  if (v === '1') return ['node-red', 'n8n'];
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is PeerName => s === 'n8n' || s === 'node-red');
}

export function startPeer(name: PeerName): Promise<PeerServer> {
  return name === 'n8n' ? startN8n() : startNodeRed();
}

/**
 * Runs `fn` against each wanted peer (started fresh, stopped after); rows of all peers.
 * `skip` names peers that can't run this workload, with the reason (they are not started).
 */
export async function forEachPeer(fn: (peer: PeerServer) => Promise<Row[]>, skip: Partial<Record<PeerName, string>> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for (const name of peersWanted()) {
    const reason = skip[name];
    if (reason) {
      rows.push({ tool: name, variant: `not measured: ${reason}` });
      continue;
    }
    let peer: PeerServer | null = null;
    try {
      peer = await startPeer(name);
      rows.push(...(await fn(peer)));
    } catch (err) {
      console.error(`${name}: ${(err as Error).message}`);
      rows.push({ tool: name, variant: `failed: ${(err as Error).message.slice(0, 120)}` });
    } finally {
      await peer?.stop();
    }
  }
  return rows;
}

/** Per-node overhead over HTTP: (median chain-100 − median chain-1) / 99, sequential. */
export function peerChainPerNode(count: number): Promise<Row[]> {
  return forEachPeer(async (peer) => {
    const one = await sequential(peer.hookUrl('chain-1'), count);
    const hundred = await sequential(peer.hookUrl('chain-100'), count);
    return [
      {
        tool: `${peer.name} ${peer.version}`,
        variant: 'webhook chain, over HTTP',
        'median 1-node run (ms)': r2(one.median),
        'median 100-node run (ms)': r2(hundred.median),
        'per-node (ms)': r3((hundred.median - one.median) / 99),
        errors: one.errors + hundred.errors,
      },
    ];
  });
}

/**
 * The one guarded connector: every connection TaskMaster opens for a workflow, a credential's
 * Test button or a browser profile goes through here, so the Settings page's outbound rules
 * (allowed hosts, "Block private and local addresses") hold on every path.
 *
 * - HTTP: `fetch` (guarded-fetch.ts: every redirect hop checked, the address pinned by the lookup
 *   the connection itself uses).
 * - Any other protocol (SMTP, PostgreSQL, the browser's guard proxy): `resolveHost` checks the name
 *   and resolves it once; the caller connects to the address it returns (never the name again), so
 *   a name that changes its answer between check and connection (DNS rebinding) can't pass.
 *
 * Steps and credential tests reach this only through their ctx (nodes/types.ts), so a new step
 * can't open a connection the rules don't see.
 */
import dns from 'node:dns';
import {
  guardedFetch,
  notAllowedMessage,
  OutboundBlockedError,
  privateAddressMessage,
  rulesActive,
  unresolvedMessage,
  type OutboundRules,
} from './guarded-fetch';
import { canonicalHost, hostAllowed } from '../../core/hosts';
import { isLocalhostName, isPrivateAddress, parseIPv4, parseIPv6 } from './private-addresses';

export interface Connector {
  fetch: typeof fetch;
  /** The address to connect to for `host` (a name or an address in any spelling); rejects when the rules refuse it. */
  resolveHost(host: string): Promise<string>;
}

/** A connector reading the rules at every connection, so a change in Settings applies at once. */
export function createConnector(rules: () => OutboundRules, base: typeof fetch = globalThis.fetch): Connector {
  return {
    fetch: guardedFetch(base, rules),
    resolveHost: (host) => resolveChecked(host, rules()),
  };
}

/**
 * "0177.0.0.1", "2130706433", "0x7f000001", "0", "[::ffff:127.0.0.1]", "LOCALHOST." → the host as
 * a URL spells it (127.0.0.1, 0.0.0.0, [::ffff:7f00:1], localhost), so no spelling slips past the
 * checks. Null when it is not a host at all.
 */
export function bareHost(host: string): string | null {
  const bare = host.trim().replace(/^\[|\]$/g, '');
  if (bare === '') return null;
  const hostname = canonicalHost(bare.includes(':') ? `[${bare}]` : bare);
  return hostname?.replace(/^\[|\]$/g, '').replace(/\.$/, '') || null;
}

function isAddress(host: string): boolean {
  return parseIPv4(host) !== null || parseIPv6(host) !== null;
}

/** Refuses what the rules refuse before any lookup: hosts off the list, private addresses, localhost names. */
export function checkHostName(host: string, rules: OutboundRules): string {
  const canonical = bareHost(host);
  if (canonical === null) throw new OutboundBlockedError(`"${host}" is not a server name or address.`);
  const shown = canonical.includes(':') ? `[${canonical}]` : canonical;
  if (!hostAllowed(shown, rules.allowedHosts)) throw new OutboundBlockedError(notAllowedMessage(canonical));
  if (rules.denyPrivateNetworks && (isLocalhostName(canonical) || (isAddress(canonical) && isPrivateAddress(canonical)))) {
    throw new OutboundBlockedError(privateAddressMessage(host.trim(), canonical !== host.trim() ? canonical : undefined));
  }
  return canonical;
}

/**
 * The checked address to connect to. Without rules the host is returned as given (no lookup, no
 * cost, the same behaviour as before rules existed). With "Block private…" a name is resolved
 * here, every address it has must be public, and a name that can't be resolved is refused
 * (fail closed: whoever resolves it next might find a private address).
 */
export async function resolveChecked(host: string, rules: OutboundRules): Promise<string> {
  if (!rulesActive(rules)) return host;
  const canonical = checkHostName(host, rules);
  if (isAddress(canonical) || !rules.denyPrivateNetworks) return isAddress(canonical) ? canonical : host.trim();
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(canonical, { all: true });
  } catch {
    throw new OutboundBlockedError(unresolvedMessage(canonical));
  }
  const blocked = addresses.find((a) => isPrivateAddress(a.address));
  if (blocked) throw new OutboundBlockedError(privateAddressMessage(canonical, blocked.address));
  const first = addresses[0];
  if (!first) throw new OutboundBlockedError(`The server name "${canonical}" has no address.`);
  return first.address;
}

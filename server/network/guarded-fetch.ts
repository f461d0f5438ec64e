/**
 * The fetch steps get (`ctx.fetch`), obeying the Settings page's outbound rules: only allowed
 * hosts, and optionally no private or local addresses. The rules are read at every call, so a
 * change in Settings applies to the next request without a restart.
 *
 * - Redirects are followed here, one hop at a time, so every hop is checked (fetch's own
 *   following would let an allowed host send a step anywhere).
 * - Private addresses are checked when the connection is made (a DNS lookup of our own that
 *   refuses them), so a name that resolves to a public address when checked and a private one
 *   when connected (DNS rebinding) is still refused. Addresses typed as numbers are checked
 *   before connecting.
 * - Without any rule, requests go straight to fetch: no cost.
 */
import dns from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { hostAllowed } from '../../core/hosts';
import { isLocalhostName, isPrivateAddress, parseIPv4, parseIPv6 } from './private-addresses';

export interface OutboundRules {
  /** Empty: any host. */
  allowedHosts: readonly string[];
  denyPrivateNetworks: boolean;
}

/** A request the Settings refuse; its message names the host and says where to change it. */
export class OutboundBlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundBlockedError';
  }
}

const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function notAllowedMessage(host: string): string {
  return `The address "${host}" is not on the list of sites steps may call. An administrator can add it in Settings, under "Sites steps may call".`;
}

export function privateAddressMessage(host: string, address?: string): string {
  const where = address && address !== host ? `"${host}" (${address})` : `"${host}"`;
  return `${where} is a private or local address, and Settings block those. An administrator can turn off "Block private and local addresses" in Settings.`;
}

export function unresolvedMessage(host: string): string {
  return `The server name "${host}" could not be found, so it can't be checked against "Block private and local addresses" in Settings. Check the name for typos.`;
}

export function guardedFetch(base: typeof fetch, rules: () => OutboundRules): typeof fetch {
  return async function fetchWithRules(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const current = rules();
    if (current.allowedHosts.length === 0 && !current.denyPrivateNetworks) return base(input, init);
    return fetchChecked(base, current, input, init);
  };
}

async function fetchChecked(
  base: typeof fetch,
  rules: OutboundRules,
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const request = input instanceof Request ? input : undefined;
  let url = new URL(request ? request.url : input instanceof URL ? input.href : String(input));
  let method = (init.method ?? request?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers ?? request?.headers);
  let body: RequestInit['body'] = init.body ?? (request?.body ? await request.arrayBuffer() : undefined);
  const mode = init.redirect ?? request?.redirect ?? 'follow';
  const signal = init.signal ?? request?.signal;
  const dispatcher = rules.denyPrivateNetworks ? await privateBlockingDispatcher() : undefined;

  for (let hop = 0; ; hop++) {
    checkUrl(url, rules);
    // Without our own dispatcher (an unusual Node), names are checked before connecting instead.
    if (rules.denyPrivateNetworks && !dispatcher) await checkResolvedHost(url);
    let response: Response;
    try {
      const hopInit: RequestInit & { dispatcher?: unknown } = { ...init, method, headers, body, signal, redirect: 'manual' };
      if (dispatcher) hopInit.dispatcher = dispatcher;
      response = await base(url, hopInit);
    } catch (error) {
      // fetch hides what our lookup refused in `cause`.
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof OutboundBlockedError) throw cause;
      throw error;
    }
    const location = response.headers.get('location');
    if (mode === 'manual' || !REDIRECT_STATUSES.has(response.status) || location === null) return response;
    await response.body?.cancel().catch(() => {});
    if (mode === 'error') throw new TypeError(`${url.href} redirected to ${location}, and this request does not follow redirects.`);
    if (hop >= MAX_REDIRECTS) throw new TypeError(`${url.href} redirected more than ${MAX_REDIRECTS} times.`);
    const next = new URL(location, url);
    // As fetch does: 303 (and 301/302 after a POST) continue as a GET without the body.
    if ((response.status === 303 && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'])
        headers.delete(name);
    } else if (body instanceof ReadableStream) {
      throw new TypeError(`${url.href} redirected to ${next.href}, and a streamed body can't be sent again.`);
    }
    // As fetch does: sign-in headers are not sent on to another site.
    if (next.origin !== url.origin) for (const name of ['authorization', 'proxy-authorization', 'cookie']) headers.delete(name);
    url = next;
  }
}

/**
 * Throws OutboundBlockedError when the rules refuse `url` (for callers that are not fetch, like
 * the browser). Names are resolved to check for private addresses: a browser connects by itself.
 */
export async function checkOutbound(url: URL, rules: OutboundRules): Promise<void> {
  checkUrl(url, rules);
  if (rules.denyPrivateNetworks) await checkResolvedHost(url);
}

export function rulesActive(rules: OutboundRules): boolean {
  return rules.allowedHosts.length > 0 || rules.denyPrivateNetworks;
}

function checkUrl(url: URL, rules: OutboundRules): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return; // data:, blob: reach no network
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!hostAllowed(url.hostname, rules.allowedHosts)) throw new OutboundBlockedError(notAllowedMessage(host));
  if (rules.denyPrivateNetworks && (isLocalhostName(host) || ((parseIPv4(host) || parseIPv6(host)) && isPrivateAddress(host)))) {
    throw new OutboundBlockedError(privateAddressMessage(host));
  }
}

async function checkResolvedHost(url: URL): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (parseIPv4(host) || parseIPv6(host)) return; // checked by checkUrl
  // A name Node can't resolve is refused: whoever resolves it next (a browser) might find a private address.
  const addresses = await dns.promises.lookup(host, { all: true }).catch(() => {
    throw new OutboundBlockedError(unresolvedMessage(host));
  });
  const blocked = addresses.find((a) => isPrivateAddress(a.address));
  if (blocked) throw new OutboundBlockedError(privateAddressMessage(host, blocked.address));
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup for outgoing connections that refuses names resolving to a private address. */
export function privateBlockingLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked) return callback(new OutboundBlockedError(privateAddressMessage(hostname, blocked.address)) as NodeJS.ErrnoException, []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

let dispatcherPromise: Promise<object | undefined> | undefined;

/**
 * Node's fetch is undici, which takes its connections from a "dispatcher". Node does not export
 * undici's Agent class, but its global dispatcher is one: one call (to a data: URL, no network)
 * makes Node create it, and its constructor gives an Agent that connects through our lookup.
 */
function privateBlockingDispatcher(): Promise<object | undefined> {
  dispatcherPromise ??= (async () => {
    const key = Symbol.for('undici.globalDispatcher.1');
    if (!Reflect.get(globalThis, key))
      await fetch('data:,')
        .then((r) => r.arrayBuffer())
        .catch(() => {});
    const dispatcher: unknown = Reflect.get(globalThis, key);
    const Agent = typeof dispatcher === 'object' && dispatcher !== null ? dispatcher.constructor : undefined;
    if (typeof Agent !== 'function' || Agent.name !== 'Agent') return undefined;
    const agent: object = Reflect.construct(Agent, [{ connect: { lookup: privateBlockingLookup } }]);
    return agent;
  })();
  return dispatcherPromise;
}

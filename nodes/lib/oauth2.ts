/**
 * OAuth2 "client credentials" access tokens: fetched from the token address with the client id
 * and secret, and kept until shortly before they expire, so a run of 1,000 items asks once.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** How the client proves who it is: HTTP Basic (the standard) or fields in the form body. */
  clientAuth: 'basic' | 'body';
}

export interface AccessToken {
  accessToken: string;
  /** When it stops working (ms since epoch), when the server said. */
  expiresAt: number | null;
}

interface Deps {
  fetch: typeof fetch;
  signal: AbortSignal;
}

/** A token is renewed this long before it expires, so it can't run out in the middle of a call. */
const RENEW_BEFORE_MS = 60_000;
/** Without `expires_in`, a token is used for this long before asking again. */
const DEFAULT_LIFETIME_MS = 5 * 60_000;
const MAX_CACHED = 500;

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

const cache = new Map<string, AccessToken>();

/** The cache key: a hash, so the secret does not sit in memory a second time. */
function keyOf(creds: ClientCredentials): string {
  return createHash('sha256')
    .update(JSON.stringify([creds.tokenUrl, creds.clientId, creds.clientSecret, creds.scope, creds.clientAuth]))
    .digest('hex');
}

/** Asks the token address for a new token; rejects with a plain reason. */
export async function fetchAccessToken(creds: ClientCredentials, { fetch, signal }: Deps): Promise<AccessToken> {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (creds.scope.trim()) body.set('scope', creds.scope.trim());
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
  if (creds.clientAuth === 'basic') {
    // RFC 6749 §2.3.1: both parts are form-encoded before joining.
    const pair = `${encodeURIComponent(creds.clientId)}:${encodeURIComponent(creds.clientSecret)}`;
    headers.set('authorization', `Basic ${Buffer.from(pair).toString('base64')}`);
  } else {
    body.set('client_id', creds.clientId);
    body.set('client_secret', creds.clientSecret);
  }
  let response: Response;
  let text: string;
  try {
    response = await fetch(creds.tokenUrl, { method: 'POST', headers, body, signal });
    text = await response.text();
  } catch (error) {
    if (signal.aborted) throw signal.reason ?? error;
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new Error(`Could not get an access token from ${creds.tokenUrl}: ${cause}.`);
  }
  if (response.status >= 400) {
    throw new Error(
      `The token address ${creds.tokenUrl} refused to give an access token (status ${response.status}): ${text.slice(0, 200) || '(empty answer)'}. Check the client id, secret and scope.`,
    );
  }
  let parsed: z.infer<typeof tokenAnswer>;
  try {
    parsed = tokenAnswer.parse(JSON.parse(text));
  } catch {
    throw new Error(`The token address ${creds.tokenUrl} answered without an access token: is it the right address?`);
  }
  const lifetime = parsed.expires_in === undefined ? null : parsed.expires_in * 1000;
  return { accessToken: parsed.access_token, expiresAt: lifetime === null ? null : Date.now() + lifetime };
}

/** A token from the cache while it is still good for a minute, else a new one. */
export async function cachedAccessToken(creds: ClientCredentials, deps: Deps): Promise<AccessToken> {
  const key = keyOf(creds);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && (hit.expiresAt ?? 0) - RENEW_BEFORE_MS > now) return hit;
  const token = await fetchAccessToken(creds, deps);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, { ...token, expiresAt: token.expiresAt ?? now + DEFAULT_LIFETIME_MS });
  return token;
}

/** Forgets the cached token (the API refused it: it may have been revoked). */
export function forgetAccessToken(creds: ClientCredentials): void {
  cache.delete(keyOf(creds));
}

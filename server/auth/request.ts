/**
 * The one place a request's principal is resolved, for tRPC, file downloads and uploads, and
 * pages: a browser session cookie. API keys (`Authorization: Bearer …`) are accepted by the REST
 * API only (server/http/rest/, server/auth/api-keys.ts): a key never opens pages or tRPC, so
 * keys can't make keys and a key's scopes are checked in one place.
 */
import type http from 'node:http';
import type { AppContext } from '../context';
import { sessionPrincipal } from './accounts';
import type { AuthOptions } from './better-auth';
import type { Principal } from './principal';

export function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

export async function principalOf(ctx: AppContext, req: http.IncomingMessage, options?: AuthOptions): Promise<Principal | null> {
  return sessionPrincipal(ctx, headersOf(req), options);
}

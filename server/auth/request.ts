/**
 * The one place a request's principal is resolved, for tRPC, file downloads and uploads, and
 * pages. A browser session cookie resolves here; API keys (`Authorization: Bearer …`) plug in
 * here too, so every route gets them at once.
 */
import type http from 'node:http';
import type { AppContext } from '../services/context';
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

/**
 * Pages need a session: a request for a private page without one is sent to sign-in (or to the
 * owner setup while nobody owns this TaskMaster). The short list of open pages is here.
 */
import type http from 'node:http';
import type { Principal } from '../auth/principal';
import { ownerExists } from '../db/users';
import type { AppContext } from '../context';

/** Pages and files anyone may fetch: sign-in and setup, invites, share pages, the app's static files. */
const OPEN_PATHS = ['/sign-in', '/setup', '/invite/', '/share/', '/_next/', '/examples/', '/icon.svg', '/favicon.ico'];

export function isOpenPath(pathname: string): boolean {
  return OPEN_PATHS.some((open) => (open.endsWith('/') ? pathname.startsWith(open) : pathname === open || pathname.startsWith(`${open}/`)));
}

function redirect(res: http.ServerResponse, to: string): void {
  res.writeHead(303, { location: to, 'cache-control': 'no-store' });
  res.end();
}

/**
 * Decides a page request: true when it may go on to the web app, false when it was answered here
 * with a redirect (to setup, to sign-in with `next`, or away from sign-in once signed in).
 */
export async function gatePage(
  ctx: AppContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  principal: () => Promise<Principal | null>,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  if (path === '/setup' || path === '/sign-in') {
    const hasOwner = await ownerExists(ctx.db);
    if (path === '/setup' && hasOwner) return (redirect(res, '/sign-in'), false);
    if (path === '/sign-in' && !hasOwner) return (redirect(res, '/setup'), false);
    if (path === '/sign-in' && (await principal())) return (redirect(res, safeNext(url.searchParams.get('next'))), false);
    return true;
  }
  if (isOpenPath(path)) return true;
  if (await principal()) return true;
  if (!(await ownerExists(ctx.db))) return (redirect(res, '/setup'), false);
  const next = path === '/' ? '' : `?next=${encodeURIComponent(path + url.search)}`;
  return (redirect(res, `/sign-in${next}`), false);
}

/** Only a path on this site: `next=//evil.example` or `next=https://…` goes home instead. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/**
 * Checks every request passes before anything else runs, also for one user on localhost:
 *
 * - Host allow-list (DNS rebinding): a page on attacker.example that re-points its name at
 *   127.0.0.1 still sends `Host: attacker.example`; only loopback names, IP literals (a rebinding
 *   page can't have one as its origin), the public URL's host and the name we listen on pass.
 * - Cross-site writes (CSRF): a state-changing request whose Sec-Fetch-Site or Origin says it
 *   comes from another site is refused. Webhooks are public by design and skip this.
 * - Security headers on every answer: a CSP that still lets Next, Monaco (its workers are
 *   same-origin or blob:) and React Flow (inline styles) work; no framing by anyone; nosniff;
 *   referrers only to ourselves (share links carry their token in the URL).
 */
import type http from 'node:http';
import { isIP } from 'node:net';
import { isLoopbackName } from '../auth/setup-code';

export interface WebSecurityOptions {
  /** TASKMASTER_PUBLIC_URL, when set: its host is allowed and https makes HSTS and Secure cookies. */
  publicUrl?: string;
  /** The HOST we listen on: a name given there is allowed too. */
  listenHost?: string;
  /** `next dev` needs eval for hot reload. */
  dev?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host name of a Host header, lower-case, without port or IPv6 brackets; null if unreadable. */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  try {
    return new URL(`http://${header}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
}

/** True when a request with this Host header may be answered. */
export function hostAllowed(header: string | undefined, options: WebSecurityOptions): boolean {
  const name = hostName(header);
  if (!name) return false;
  if (isLoopbackName(name) || isIP(name) !== 0) return true;
  if (options.publicUrl && name === new URL(options.publicUrl).hostname.toLowerCase()) return true;
  const listen = options.listenHost?.toLowerCase();
  return listen !== undefined && isIP(listen) === 0 && name === listen;
}

/** True when a state-changing request comes from another site (a browser says so). */
export function crossSiteWrite(req: http.IncomingMessage): boolean {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return false;
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (origin === undefined) return false; // Not a browser (curl, the CLI, a server): no ambient cookies to abuse.
  try {
    return new URL(origin).host.toLowerCase() !== (req.headers.host ?? '').toLowerCase();
  } catch {
    return true; // `Origin: null` (sandboxed frames, file pages) and garbage.
  }
}

/** Bodies tRPC and our JSON endpoints accept; forms and multipart never reach them. */
export function isJsonBody(req: http.IncomingMessage): boolean {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return true;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json';
}

export function contentSecurityPolicy(dev = false): string {
  return [
    "default-src 'self'",
    // Next inlines its bootstrap scripts; dev mode evaluates modules for hot reload.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    // React Flow and Monaco position everything with inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "frame-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** Sets the security headers on an answer before anyone writes it. */
export function setSecurityHeaders(res: http.ServerResponse, options: WebSecurityOptions, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  if (options.publicUrl?.startsWith('https:')) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}

export function refuse(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error: { code: status, message } }));
}

/**
 * Talking to GitHub's REST API for the GitHub node: the saved token, requests that wait out
 * rate limits, pages followed by the Link header, rate-limit headers read, errors in plain words.
 */
import { z } from 'zod';
import githubToken from '../credentials/github-token';
import type { NodeContext } from '../types';
import { describeRateLimit, gitHubVerdict, rateLimitOf, type GitHubRateLimit } from './github-rate-limit';
import { fetchWithRateLimit, formatWait } from './rate-limit';
import { nextLinkFromHeader } from './http-pagination';

export { describeRateLimit, type GitHubRateLimit };

export type GitHubCredential = z.output<typeof githubToken.schema>;

type Ctx = Pick<NodeContext<unknown>, 'credentials' | 'fetch' | 'signal' | 'sleep' | 'log'>;

const savedToken = githubToken.schema.extend({ type: z.literal('github-token') });

export async function loadGitHubCredential(ctx: Ctx, id: string): Promise<GitHubCredential> {
  const parsed = savedToken.safeParse(await ctx.credentials.get(id));
  if (!parsed.success) {
    throw new Error('The saved GitHub token is incomplete: open it under Credentials, fill in every field and save it again.');
  }
  return parsed.data;
}

export interface GitHubRequest {
  method: 'GET' | 'POST';
  /** A path below the API address (`/repos/o/r/issues`), or a full next-page address. */
  path: string | URL;
  query?: Record<string, string>;
  body?: unknown;
  /** The message for 404, which means different things per operation. */
  notFound: string;
}

export interface GitHubAnswer {
  data: unknown;
  rateLimit: GitHubRateLimit | null;
  /** The next page, for lists. */
  next: URL | null;
}

export function apiUrl(cred: GitHubCredential, path: string, query: Record<string, string> = {}): URL {
  const url = new URL(`${cred.baseUrl.replace(/\/+$/, '')}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

export async function gitHubRequest(ctx: Ctx, cred: GitHubCredential, req: GitHubRequest): Promise<GitHubAnswer> {
  const url = typeof req.path === 'string' ? apiUrl(cred, req.path, req.query) : req.path;
  const headers: Record<string, string> = {
    authorization: `Bearer ${cred.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    // GitHub refuses requests without one.
    'user-agent': 'TaskMaster',
  };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method: req.method, headers, body: req.body === undefined ? undefined : JSON.stringify(req.body) };
  // Method and address only: headers hold the token.
  ctx.log.info(`GitHub: ${req.method} ${url.href}`);
  let response: Response;
  let text: string;
  let gaveUp: { reason: 'too-long' | 'tries'; waitMs: number } | undefined;
  try {
    ({ response, gaveUp } = await fetchWithRateLimit(ctx, url, init, 'GitHub', (r) => gitHubVerdict(r)));
    text = await response.text();
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
    // The Settings page's outbound rules say in their own words where to change them.
    if ((error as Error).name === 'OutboundBlockedError') throw error;
    // Node's fetch hides the real reason (refused, unknown host…) in `cause`.
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new Error(`Could not reach GitHub at ${url.host}: ${cause}. Check the API address in the credential.`);
  }
  const rateLimit = rateLimitOf(response.headers);
  if (gaveUp) throw rateLimitError(gaveUp, rateLimit);
  if (response.status >= 400) throw gitHubError(response, text, req.notFound);
  let data: unknown = null;
  try {
    data = text.trim() === '' ? null : JSON.parse(text);
  } catch {
    throw new Error(
      `GitHub's answer from ${url.host} is not JSON: is the API address in the credential right? It should end in /api/v3 for GitHub Enterprise.`,
    );
  }
  return { data, rateLimit, next: nextPage(response, url) };
}

function nextPage(response: Response, current: URL): URL | null {
  const next = nextLinkFromHeader(response.headers.get('link'));
  if (!next) return null;
  const url = new URL(next, current);
  // The token goes with every page: never to another server than the one it is meant for.
  if (url.origin !== current.origin) {
    throw new Error(`GitHub pointed the next page to another server (${url.host}); stopped so the token is not sent there.`);
  }
  return url;
}

function rateLimitError(gaveUp: { reason: 'too-long' | 'tries'; waitMs: number }, rate: GitHubRateLimit | null): Error {
  const state = rate ? ` (${describeRateLimit(rate)})` : '';
  if (gaveUp.reason === 'too-long') {
    return new Error(
      `GitHub's rate limit is used up${state}. GitHub asks to wait ${formatWait(gaveUp.waitMs)}, longer than this step waits: run it again later, or set it to try again in "When this step fails".`,
    );
  }
  return new Error(`GitHub kept refusing requests because of its rate limit${state}, also after waiting. Run the step again later.`);
}

const errorBody = z.object({
  message: z.string().optional(),
  errors: z
    .array(z.union([z.string(), z.object({ message: z.string().optional(), field: z.string().optional(), code: z.string().optional() })]))
    .optional(),
});

/** What GitHub said, in one short line. */
function said(text: string): string {
  const parsed = errorBody.safeParse(safeJson(text));
  if (!parsed.success) return text.trim().slice(0, 200);
  const details = (parsed.data.errors ?? []).map((e) =>
    typeof e === 'string' ? e : (e.message ?? [e.field, e.code].filter(Boolean).join(' ')),
  );
  return [parsed.data.message, ...details].filter(Boolean).join('; ').slice(0, 300);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function gitHubError(response: Response, text: string, notFound: string): Error {
  const status = response.status;
  const message = said(text);
  const tail = message ? ` GitHub said: ${message}` : '';
  if (status === 401) {
    return new Error(
      `GitHub refused the token (status 401): it is wrong, expired or was revoked. Make a new one on GitHub (Settings → Developer settings) and save it under Credentials.${tail}`,
    );
  }
  if (status === 403) {
    const needs = response.headers.get('x-accepted-github-permissions') || response.headers.get('x-accepted-oauth-scopes');
    return new Error(
      `GitHub did not allow this (status 403): the token lacks a permission it needs${needs ? ` (${needs})` : ''}, or the repository does not allow it.${tail}`,
    );
  }
  if (status === 404) return new Error(notFound);
  if (status === 410)
    return new Error(`GitHub says this is gone (status 410), for example because issues are turned off in this repository.${tail}`);
  if (status === 422) return new Error(`GitHub did not accept the details (status 422).${tail}`);
  if (status >= 500) return new Error(`GitHub had a problem of its own (status ${status}). Try again later.${tail}`);
  return new Error(`GitHub answered with status ${status}.${tail}`);
}

/**
 * Waiting out an API's rate limit inside a node (GitHub, OpenAI).
 *
 * Why here and not in the node's retry settings: those re-run the whole node. For a list that
 * means every page again, and for "create" operations over several items it would create the
 * items that already succeeded a second time. A rate-limit answer (429) means the service did
 * not handle that one request, so sending just that request again is safe. The node's retries
 * also back off blindly, while the service says how long to wait (Retry-After, a reset time).
 *
 * Bounded: at most RATE_LIMIT_RETRIES waits of at most MAX_RATE_LIMIT_WAIT_MS each, slept with
 * `ctx.sleep` so a cancel or the node's time limit ends the wait. When the service asks for a
 * longer wait (GitHub's hourly limit used up for 40 minutes), the node fails at once with the
 * time it resets: the node's own retry settings, or the user, decide what happens next.
 */
import type { NodeContext } from '../types';

export const RATE_LIMIT_RETRIES = 3;
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** Waits when the service says it is limiting but not for how long: 1 s, 2 s, 4 s. */
const BACKOFF_MS = 1000;

/** What a service's answer says about its rate limit. */
export interface RateLimitVerdict {
  /** The answer refuses the request because of a rate limit. */
  limited: boolean;
  /** How long the service asks to wait; null when it does not say. */
  waitMs: number | null;
}

export interface RateLimitedFetch {
  response: Response;
  /** Set when the last answer is still a rate limit: we stopped trying, and why. */
  gaveUp?: { reason: 'too-long' | 'tries'; waitMs: number };
}

type Ctx = Pick<NodeContext<unknown>, 'fetch' | 'signal' | 'sleep' | 'log'>;

/**
 * Sends the request, and again after a wait each time the service answers with a rate limit.
 * Returns the last answer; the caller turns errors (a rate limit that stayed, too) into words.
 */
export async function fetchWithRateLimit(
  ctx: Ctx,
  url: URL,
  init: RequestInit,
  service: string,
  verdict: (response: Response) => RateLimitVerdict | Promise<RateLimitVerdict>,
): Promise<RateLimitedFetch> {
  for (let retry = 0; ; retry++) {
    const response = await ctx.fetch(url, { ...init, signal: ctx.signal });
    const { limited, waitMs } = await verdict(response);
    if (!limited) return { response };
    const wait = Math.max(0, waitMs ?? BACKOFF_MS * 2 ** retry);
    if (wait > MAX_RATE_LIMIT_WAIT_MS) return { response, gaveUp: { reason: 'too-long', waitMs: wait } };
    if (retry >= RATE_LIMIT_RETRIES) return { response, gaveUp: { reason: 'tries', waitMs: wait } };
    // The body is not needed; reading it frees the connection for the next try.
    await response.arrayBuffer().catch(() => undefined);
    ctx.log.warn(
      `${service} asked to slow down (status ${response.status}): waiting ${formatWait(wait)}, then trying again (${retry + 1} of ${RATE_LIMIT_RETRIES} extra tries).`,
    );
    await ctx.sleep(wait);
  }
}

/** `Retry-After`: seconds, or an HTTP date. Null when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** "1.5 s", "2 min", for log lines and messages. */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 90_000) return `${+(ms / 1000).toFixed(1)} s`;
  return `${Math.ceil(ms / 60_000)} min`;
}

/** "14:05 UTC": reset times in messages, the same on every machine. */
export function formatClock(at: Date): string {
  return `${at.toISOString().slice(11, 16)} UTC`;
}

/**
 * GitHub's rate-limit headers (`x-ratelimit-*`, Retry-After) read for the GitHub node and the
 * GitHub token's test. Apart from github-api.ts so the credential type can use it without a cycle.
 */
import { formatClock, formatWait, retryAfterMs, type RateLimitVerdict } from './rate-limit';

/** What GitHub's `x-ratelimit-*` headers say, as each output item carries it (`_rateLimit`). */
export interface GitHubRateLimit {
  /** Requests left in the current window. */
  remaining: number;
  /** Requests allowed per window (5,000 an hour for a personal token). */
  limit: number | null;
  used: number | null;
  /** When the window starts again, as an ISO time. */
  resetsAt: string | null;
  /** Which limit: core, search, graphql… */
  resource: string | null;
}

export function rateLimitOf(headers: Headers): GitHubRateLimit | null {
  const number = (name: string) => {
    const value = headers.get(name);
    return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : null;
  };
  const remaining = number('x-ratelimit-remaining');
  if (remaining === null) return null;
  const reset = number('x-ratelimit-reset');
  return {
    remaining,
    limit: number('x-ratelimit-limit'),
    used: number('x-ratelimit-used'),
    resetsAt: reset === null ? null : new Date(reset * 1000).toISOString(),
    resource: headers.get('x-ratelimit-resource'),
  };
}

/** "4,990 of 5,000 requests left; resets at 14:05 UTC (in 23 min)". */
export function describeRateLimit(rate: GitHubRateLimit, now = Date.now()): string {
  const left =
    rate.limit === null
      ? `${rate.remaining.toLocaleString('en')} requests left`
      : `${rate.remaining.toLocaleString('en')} of ${rate.limit.toLocaleString('en')} requests left`;
  if (!rate.resetsAt) return left;
  const at = new Date(rate.resetsAt);
  return `${left}; resets at ${formatClock(at)} (in ${formatWait(Math.max(0, at.getTime() - now))})`;
}

/**
 * GitHub limits with 429, and with 403 when the hourly limit is used up (remaining 0) or a
 * secondary limit applies (Retry-After). Its advice: wait Retry-After, else until the reset.
 */
export function gitHubVerdict(response: Response, now = Date.now()): RateLimitVerdict {
  if (response.status !== 429 && response.status !== 403) return { limited: false, waitMs: null };
  const retryAfter = retryAfterMs(response.headers, now);
  const rate = rateLimitOf(response.headers);
  const usedUp = rate?.remaining === 0;
  // Any other 403 is a real "not allowed": waiting would not change it.
  if (response.status === 403 && retryAfter === null && !usedUp) return { limited: false, waitMs: null };
  if (retryAfter !== null) return { limited: true, waitMs: retryAfter };
  // One second past the reset: GitHub's clock and ours differ a little.
  if (usedUp && rate.resetsAt) return { limited: true, waitMs: Math.max(0, Date.parse(rate.resetsAt) - now) + 1000 };
  return { limited: true, waitMs: null };
}

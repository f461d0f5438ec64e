/**
 * Sign-in attempts, limited per account and per address (rate-limiter-flexible, in memory: one
 * server process answers sign-ins). Failed attempts count; a success clears the account's count.
 * Over the limit, the answer is the same plain message whether the password was right or not.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export const WINDOW_SECONDS = 5 * 60;

export interface SignInLimits {
  /** Failed attempts per e-mail address within 5 minutes. Default 5. */
  perAccount?: number;
  /** Failed attempts per client address within 5 minutes. Default 20. */
  perAddress?: number;
}

export class TooManyAttempts extends Error {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`Too many attempts: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    this.name = 'TooManyAttempts';
  }
}

export function createSignInLimiter(limits: SignInLimits = {}) {
  const options = (points: number) => ({ points, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS });
  const accounts = new RateLimiterMemory(options(limits.perAccount ?? 5));
  const addresses = new RateLimiterMemory(options(limits.perAddress ?? 20));
  const key = (email: string) => email.trim().toLowerCase();

  async function blockedFor(limiter: RateLimiterMemory, id: string): Promise<number> {
    const res = await limiter.get(id);
    return res && res.remainingPoints <= 0 ? res.msBeforeNext / 1000 : 0;
  }

  return {
    /** Throws TooManyAttempts while the account or the address is blocked. */
    async check(email: string, address: string): Promise<void> {
      const wait = Math.max(await blockedFor(accounts, key(email)), await blockedFor(addresses, address));
      if (wait > 0) throw new TooManyAttempts(wait);
    },
    async failed(email: string, address: string): Promise<void> {
      for (const [limiter, id] of [
        [accounts, key(email)],
        [addresses, address],
      ] as const) {
        await limiter.consume(id).catch((res: unknown) => {
          if (!(res instanceof RateLimiterRes)) throw res;
        });
      }
    },
    async succeeded(email: string): Promise<void> {
      await accounts.delete(key(email));
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

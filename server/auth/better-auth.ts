/**
 * Sign-in is better-auth's (https://better-auth.com), not ours: a maintained library with scrypt
 * password hashes, random session tokens stored server-side (so a session can be ended at once by
 * deleting its row) and signed httpOnly cookies. We call its server API (`auth.api.*`) from our own
 * node:http endpoints (server/http/auth-routes.ts) rather than mounting its router, so one place
 * (server/http/web-security.ts) does Host, Origin and content-type checks for every request.
 *
 * The cookie-signing secret is a random value kept in the database (server/db/auth-secret.ts), so
 * a backup of the data folder keeps everyone's sessions valid and nothing else needs keeping.
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { authAccounts, authSessions, authVerifications, users } from '../../drizzle/schema';
import { authSecret } from '../db/auth-secret';
import { isActiveUser } from '../db/users';
import type { AppContext } from '../context';

/** Sessions last 7 days and are renewed once a day while used. */
export const SESSION_SECONDS = 60 * 60 * 24 * 7;
export const COOKIE_PREFIX = 'taskmaster';

export interface AuthOptions {
  /** TASKMASTER_PUBLIC_URL: https here makes the cookies `Secure`. */
  publicUrl?: string;
}

function createAuth(ctx: AppContext, secret: string, options: AuthOptions) {
  const secure = options.publicUrl?.startsWith('https:') ?? false;
  return betterAuth({
    appName: 'TaskMaster',
    secret,
    // Only used for URLs better-auth builds itself; our endpoints never redirect through it.
    baseURL: options.publicUrl ?? 'http://localhost:3000',
    database: drizzleAdapter(ctx.db, {
      provider: 'pg',
      schema: { user: users, session: authSessions, account: authAccounts, verification: authVerifications },
    }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      // People join through the owner setup or an invite, never by signing themselves up.
      disableSignUp: true,
      minPasswordLength: 8,
      maxPasswordLength: 200,
    },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'viewer', input: false },
        deactivatedAt: { type: 'date', required: false, input: false },
      },
    },
    session: { expiresIn: SESSION_SECONDS, updateAge: 60 * 60 * 24 },
    // Our own limiter counts per account and per address (server/auth/rate-limit.ts).
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
      // Origin and Fetch-Metadata checks happen for every request in server/http/web-security.ts.
      disableCSRFCheck: true,
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated user gets no new session, even with the right password.
          before: async (session) => ((await isActiveUser(ctx.db, session.userId)) ? undefined : false),
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const instances = new WeakMap<AppContext['db'], Promise<Auth>>();

/** The better-auth instance of a context's database (one per database handle). */
export function authFor(ctx: AppContext, options: AuthOptions = {}): Promise<Auth> {
  let auth = instances.get(ctx.db);
  if (!auth) {
    auth = authSecret(ctx.db).then((secret) => createAuth(ctx, secret, options));
    auth.catch(() => instances.delete(ctx.db));
    instances.set(ctx.db, auth);
  }
  return auth;
}

/**
 * Accounts through better-auth's own adapter and password hashing (scrypt): create a user with a
 * password, sign in (returning the Set-Cookie headers), resolve a request's session to a principal,
 * sign out.
 */
import { APIError } from 'better-auth/api';
import { adoptOwnerless } from '../db/sharing';
import { findUser, findUserByEmail, ownerExists } from '../db/users';
import type { AppContext } from '../context';
import { authFor, COOKIE_PREFIX, type AuthOptions } from './better-auth';
import type { Principal } from './principal';
import type { Role } from '../../core/roles';

export interface NewUser {
  name: string;
  email: string;
  password: string;
  role: Role;
}

/** A mistake the person can fix (wrong password, e-mail taken); the message is theirs to read. */
export class AccountError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 409 | 429 = 400,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

export const PASSWORD_RULE = 'Use at least 8 characters for the password.';

/** Creates a user who signs in with e-mail and password. */
export async function createUser(ctx: AppContext, input: NewUser, options?: AuthOptions): Promise<{ id: string }> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!name) throw new AccountError('Enter a name.');
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AccountError(`"${input.email}" is not an e-mail address.`);
  if (input.password.length < 8 || input.password.length > 200) throw new AccountError(PASSWORD_RULE);
  if (await findUserByEmail(ctx.db, email)) throw new AccountError(`There is already an account for ${email}.`, 409);
  const auth = await authFor(ctx, options);
  const context = await auth.$context;
  const hash = await context.password.hash(input.password);
  const user = await context.internalAdapter.createUser({ name, email, emailVerified: false, role: input.role }, { method: 'admin' });
  await context.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: hash });
  return { id: user.id };
}

/**
 * Creates the first owner (the setup page, `taskmaster users create --role owner`): they also
 * take over the workflows, credentials and browser profiles made before sign-in existed, which had no owner.
 * Returns how many they took over (none when an owner existed already).
 */
export async function createOwner(
  ctx: AppContext,
  input: Omit<NewUser, 'role'>,
  options?: AuthOptions,
): Promise<{ id: string; first: boolean; adopted: { workflows: number; credentials: number; profiles: number } }> {
  const first = !(await ownerExists(ctx.db));
  const { id } = await createUser(ctx, { ...input, role: 'owner' }, options);
  const adopted = first ? await adoptOwnerless(ctx.sql, id) : { workflows: 0, credentials: 0, profiles: 0 };
  return { id, first, adopted };
}

/** Signs in with e-mail and password; returns the cookies to set. Wrong details: AccountError 401. */
export async function signIn(
  ctx: AppContext,
  email: string,
  password: string,
  requestHeaders: Headers,
  options?: AuthOptions,
): Promise<{ userId: string; setCookie: string[] }> {
  const auth = await authFor(ctx, options);
  try {
    const { headers, response } = await auth.api.signInEmail({
      body: { email: email.trim().toLowerCase(), password, rememberMe: true },
      headers: requestHeaders,
      returnHeaders: true,
    });
    return { userId: response.user.id, setCookie: headers.getSetCookie() };
  } catch (error) {
    // Deactivated accounts get no session (the hook in better-auth.ts refuses it).
    if (error instanceof APIError) throw new AccountError('The e-mail or password is wrong.', 401);
    throw error;
  }
}

/** Ends the request's session; returns the cookies that clear it in the browser. */
export async function signOut(ctx: AppContext, requestHeaders: Headers, options?: AuthOptions): Promise<string[]> {
  const auth = await authFor(ctx, options);
  try {
    const { headers } = await auth.api.signOut({ headers: requestHeaders, returnHeaders: true });
    return headers.getSetCookie();
  } catch (error) {
    if (error instanceof APIError) return [];
    throw error;
  }
}

/** The signed-in person of a request's cookies, or null (no cookie, expired, ended, deactivated). */
export async function sessionPrincipal(ctx: AppContext, requestHeaders: Headers, options?: AuthOptions): Promise<Principal | null> {
  if (!requestHeaders.get('cookie')?.includes(COOKIE_PREFIX)) return null;
  const auth = await authFor(ctx, options);
  const session = await auth.api.getSession({ headers: requestHeaders, query: { disableCookieCache: true } });
  if (!session) return null;
  // Role and deactivation are read from our row, so a change applies to the very next request.
  const user = await findUser(ctx.db, session.user.id);
  if (!user || user.deactivatedAt) return null;
  return { userId: user.id, name: user.name, email: user.email, role: user.role, via: 'session' };
}

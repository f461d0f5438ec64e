/**
 * Signed-in callers for tests (docs/auth.md). Each role's user is a real row made through
 * better-auth (same password hashing, same tables), made once per database and reused: two
 * contexts on one database share their users (keying by context once made the owner twice).
 *
 *   const api = await callerAs(ctx, 'owner');            // tRPC without HTTP
 *   const cookie = await cookieAs(ctx, 'editor');        // for fetch() against startWebServer
 *   createCaller(anonymous(ctx))                         // nobody signed in
 */
import { createUser, signIn } from '../../server/auth/accounts';
import type { Principal } from '../../server/auth/principal';
import type { Role } from '../../core/roles';
import { findUser } from '../../server/db/users';
import type { AppContext } from '../../server/context';
import { createCaller } from '../../server/trpc/app-router';
import type { TrpcContext } from '../../server/trpc/init';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  principal: Principal;
}

const made = new Map<string, Map<string, Promise<TestUser>>>();

/** Which database a context talks to: its users are that database's, whatever pool reaches it. */
function databaseKey(ctx: AppContext): string {
  const { host, port, database } = ctx.sql.options;
  return `${host.join(',')}:${port.join(',')}/${database}`;
}

/**
 * A user with this role (the first one per role and database is reused; pass `name` for another
 * person with the same role).
 */
export function userAs(ctx: AppContext, role: Role, name: string = role): Promise<TestUser> {
  let users = made.get(databaseKey(ctx));
  if (!users) made.set(databaseKey(ctx), (users = new Map()));
  const key = `${role}:${name}`;
  let user = users.get(key);
  if (!user) {
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${role}@example.test`;
    user = createUser(ctx, { name, email, password: TEST_PASSWORD, role }).then(async ({ id }) => {
      const row = await findUser(ctx.db, id);
      if (!row) throw new Error('test user was not stored');
      return { id, email, password: TEST_PASSWORD, role, principal: { userId: id, name, email, role, via: 'session' } };
    });
    users.set(key, user);
  }
  return user;
}

/** A tRPC context signed in with `role`. */
export async function contextAs(ctx: AppContext, role: Role, name?: string): Promise<TrpcContext> {
  return { ...ctx, principal: (await userAs(ctx, role, name)).principal };
}

/** A context with nobody signed in. */
export function anonymous(ctx: AppContext): TrpcContext {
  return { ...ctx, principal: null };
}

/**
 * A tRPC caller signed in with `role`: pass a name for another person of the same role
 * (`callerAs(ctx, 'editor', 'Bob')`), or createCaller's options (e.g. `{ signal }`).
 */
export async function callerAs(ctx: AppContext, role: Role, nameOrOptions?: string | Parameters<typeof createCaller>[1]) {
  if (typeof nameOrOptions === 'string') return createCaller(await contextAs(ctx, role, nameOrOptions));
  return createCaller(await contextAs(ctx, role), nameOrOptions);
}

/**
 * A real session cookie (`Cookie:` header value) for HTTP requests to a server on the same
 * database, made by signing in through better-auth.
 */
export async function cookieAs(ctx: AppContext, role: Role, name?: string): Promise<string> {
  const user = await userAs(ctx, role, name);
  const { setCookie } = await signIn(ctx, user.email, user.password, new Headers());
  return setCookie.map((c) => c.split(';')[0]).join('; ');
}

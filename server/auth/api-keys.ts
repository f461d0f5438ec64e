/**
 * API keys: made by a signed-in person for themselves, shown once, stored hashed, revocable.
 * A key acts as its user with at most its scopes; the user's current role still applies, and a
 * deactivated user's keys stop on the next request (the user row is read on every use).
 *
 * Why our own and not better-auth's apiKey plugin: a key is 32 random bytes, so a SHA-256 lookup
 * is all the crypto needed (no password hashing, nothing hand-rolled), and our scopes must map
 * onto our roles and routes; the plugin brings its own permission model, rate-limit store and
 * key table shape that we would have to translate both ways.
 */
import { randomBytes } from 'node:crypto';
import { findApiKeyOwner, insertApiKey, listApiKeys, revokeApiKey, touchApiKey, type ApiKeyRow, type ApiKeyScope } from '../db/api-keys';
import type { AppContext } from '../context';
import { AccountError } from './accounts';
import type { Principal } from './principal';

export const API_KEY_SCOPES = ['read', 'run', 'write'] as const satisfies readonly ApiKeyScope[];
export type { ApiKeyRow, ApiKeyScope };

/** What each scope lets a key do: `run` and `write` include reading. */
const GRANTS: Record<ApiKeyScope, readonly ApiKeyScope[]> = { read: ['read'], run: ['read', 'run'], write: ['read', 'write'] };

/** True when a key with `scopes` may do what `needed` stands for. */
export function scopeAllows(scopes: readonly ApiKeyScope[], needed: ApiKeyScope): boolean {
  return scopes.some((s) => GRANTS[s].includes(needed));
}

/** Keys start with this, so secret scanners and people recognise them. */
export const KEY_PREFIX = 'tm_';

export interface NewApiKey {
  name: string;
  scopes: ApiKeyScope[];
  /** When it stops working; null: until revoked. */
  expiresAt: Date | null;
}

/** Makes a key for the signed-in person. The key itself is in the answer only. */
export async function createApiKey(
  ctx: AppContext,
  who: Principal,
  input: NewApiKey,
  now = new Date(),
): Promise<{ key: string; apiKey: ApiKeyRow }> {
  if (who.via === 'api-key') throw new AccountError('An API key can not make API keys; sign in to make one.', 403);
  const name = input.name.trim();
  if (!name) throw new AccountError('Give the key a name, e.g. "Nightly export script".');
  if (name.length > 100) throw new AccountError('Use at most 100 characters for the name.');
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) throw new AccountError('Choose at least one scope: read, run or write.');
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime())
    throw new AccountError('Choose an expiry date in the future, or none.');
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const apiKey = await insertApiKey(ctx.db, {
    userId: who.userId,
    name,
    key,
    prefix: key.slice(0, KEY_PREFIX.length + 6),
    scopes,
    expiresAt: input.expiresAt,
  });
  return { key, apiKey };
}

export function listOwnApiKeys(ctx: AppContext, who: Principal): Promise<ApiKeyRow[]> {
  return listApiKeys(ctx.db, who.userId);
}

export async function revokeOwnApiKey(ctx: AppContext, who: Principal, id: string): Promise<void> {
  if (who.via === 'api-key') throw new AccountError('An API key can not revoke API keys; sign in to do it.', 403);
  if (!(await revokeApiKey(ctx.db, who.userId, id)))
    throw new AccountError('There is no such key (already revoked?). Reload the page.', 400);
}

/** The bearer token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/**
 * The principal an API key stands for, or null: unknown, revoked or expired key, deactivated user.
 * Each accepted use is recorded as the key's last-used time.
 */
export async function apiKeyPrincipal(ctx: AppContext, key: string, now = new Date()): Promise<Principal | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const owner = await findApiKeyOwner(ctx.db, key);
  if (!owner || owner.user.deactivatedAt) return null;
  if (owner.expiresAt && owner.expiresAt.getTime() <= now.getTime()) return null;
  await touchApiKey(ctx.db, owner.keyId, now);
  const { user } = owner;
  return { userId: user.id, name: user.name, email: user.email, role: user.role, via: 'api-key', scopes: owner.scopes };
}

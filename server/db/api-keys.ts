/** API keys (table api_keys): only the key's SHA-256 is stored; lookups join the key's user. */
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import * as schema from '../../drizzle/schema';
import { isRole, type Role } from '../../core/roles';
import { newId } from '../ids';
import { hashToken } from './invites';
import type { Db } from './workflows';

export type ApiKeyScope = 'read' | 'run' | 'write';

export interface ApiKeyRow {
  id: string;
  name: string;
  /** The key's first characters, to tell keys apart; never enough to use it. */
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A usable key's owner, as stored now (role and deactivation read on every request). */
export interface ApiKeyOwner {
  keyId: string;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  user: { id: string; name: string; email: string; role: Role; deactivatedAt: Date | null };
}

const isScope = (s: string): s is ApiKeyScope => s === 'read' || s === 'run' || s === 'write';

function toRow(row: typeof schema.apiKeys.$inferSelect): ApiKeyRow {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isScope),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

export async function insertApiKey(
  db: Db,
  input: { userId: string; name: string; key: string; prefix: string; scopes: ApiKeyScope[]; expiresAt: Date | null },
): Promise<ApiKeyRow> {
  const [row] = await db
    .insert(schema.apiKeys)
    .values({
      id: newId('key'),
      userId: input.userId,
      name: input.name,
      prefix: input.prefix,
      keyHash: hashToken(input.key),
      scopes: input.scopes,
      expiresAt: input.expiresAt,
    })
    .returning();
  return toRow(row);
}

/** A user's keys, newest first, revoked ones included (the page shows them greyed). */
export async function listApiKeys(db: Db, userId: string): Promise<ApiKeyRow[]> {
  const rows = await db.select().from(schema.apiKeys).where(eq(schema.apiKeys.userId, userId)).orderBy(desc(schema.apiKeys.createdAt));
  return rows.map(toRow);
}

/** Revokes one of the user's own keys; false when there is no such open key of theirs. */
export async function revokeApiKey(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(schema.apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(schema.apiKeys.id, id), eq(schema.apiKeys.userId, userId), isNull(schema.apiKeys.revokedAt)))
    .returning({ id: schema.apiKeys.id });
  return rows.length > 0;
}

/** The owner of a key that is not revoked (expiry and deactivation are the caller's to judge). */
export async function findApiKeyOwner(db: Db, key: string): Promise<ApiKeyOwner | null> {
  const [row] = await db
    .select({ key: schema.apiKeys, user: schema.users })
    .from(schema.apiKeys)
    .innerJoin(schema.users, eq(schema.users.id, schema.apiKeys.userId))
    .where(and(eq(schema.apiKeys.keyHash, hashToken(key)), isNull(schema.apiKeys.revokedAt)));
  if (!row) return null;
  const { user } = row;
  return {
    keyId: row.key.id,
    scopes: row.key.scopes.filter(isScope),
    expiresAt: row.key.expiresAt,
    lastUsedAt: row.key.lastUsedAt,
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      role: isRole(user.role) ? user.role : 'viewer',
      deactivatedAt: user.deactivatedAt,
    },
  };
}

/** Records a use; at most one write per key every `everyMs`, so a busy script doesn't write per call. */
export async function touchApiKey(db: Db, id: string, now = new Date(), everyMs = 10_000): Promise<void> {
  await db
    .update(schema.apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(schema.apiKeys.id, id),
        or(isNull(schema.apiKeys.lastUsedAt), lt(schema.apiKeys.lastUsedAt, new Date(now.getTime() - everyMs))),
      ),
    );
}

/** Invitation links (table invites): only the token's hash is stored. */
import { createHash } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import * as schema from '../../drizzle/schema';
import { isRole, type Role } from '../../core/roles';
import { newId } from '../ids';
import type { Db } from './workflows';

export interface InviteRow {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function insertInvite(
  db: Db,
  input: { token: string; email: string; role: Role; createdBy: string; expiresAt: Date },
): Promise<InviteRow> {
  const [row] = await db
    .insert(schema.invites)
    .values({
      id: newId('inv'),
      tokenHash: hashToken(input.token),
      email: input.email,
      role: input.role,
      createdBy: input.createdBy,
      expiresAt: input.expiresAt,
    })
    .returning();
  return { id: row.id, email: row.email, role: input.role, createdAt: row.createdAt, expiresAt: row.expiresAt };
}

const open = (now: Date) => and(isNull(schema.invites.acceptedAt), isNull(schema.invites.revokedAt), gt(schema.invites.expiresAt, now));

/** The invitation a token opens, if it is still open (not used, revoked or expired). */
export async function openInvite(db: Db, token: string, now = new Date()): Promise<InviteRow | null> {
  const [row] = await db
    .select()
    .from(schema.invites)
    .where(and(eq(schema.invites.tokenHash, hashToken(token)), open(now)));
  return row
    ? { id: row.id, email: row.email, role: isRole(row.role) ? row.role : 'viewer', createdAt: row.createdAt, expiresAt: row.expiresAt }
    : null;
}

export async function listOpenInvites(db: Db, now = new Date()): Promise<InviteRow[]> {
  const rows = await db.select().from(schema.invites).where(open(now)).orderBy(desc(schema.invites.createdAt));
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: isRole(row.role) ? row.role : 'viewer',
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  }));
}

/** Marks an invitation used; false when it was no longer open (used twice at once, revoked). */
export async function markInviteAccepted(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(schema.invites)
    .set({ acceptedAt: new Date() })
    .where(and(eq(schema.invites.id, id), open(new Date())))
    .returning({ id: schema.invites.id });
  return rows.length > 0;
}

export async function revokeInvite(db: Db, id: string): Promise<void> {
  await db.update(schema.invites).set({ revokedAt: new Date() }).where(eq(schema.invites.id, id));
}

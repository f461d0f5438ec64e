/** The people who sign in: roles, deactivation, and ending sessions (tables in drizzle/schema.ts). */
import { and, asc, eq, isNull, sql as dsql } from 'drizzle-orm';
import * as schema from '../../drizzle/schema';
import { isRole, type Role } from '../../core/roles';
import type { Db } from './workflows';

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  deactivatedAt: Date | null;
  createdAt: Date;
}

const columns = {
  id: schema.users.id,
  name: schema.users.name,
  email: schema.users.email,
  role: schema.users.role,
  deactivatedAt: schema.users.deactivatedAt,
  createdAt: schema.users.createdAt,
};

function toUser(row: { role: string } & Omit<UserRow, 'role'>): UserRow {
  // A role the code doesn't know (a hand-edited row) gets the least rights, never more.
  return { ...row, role: isRole(row.role) ? row.role : 'viewer' };
}

/** True once anyone has an owner account: then setup is closed. */
export async function ownerExists(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.role, 'owner')).limit(1);
  return row !== undefined;
}

export async function findUser(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await db.select(columns).from(schema.users).where(eq(schema.users.id, id));
  return row ? toUser(row) : null;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db
    .select(columns)
    .from(schema.users)
    .where(eq(dsql`lower(${schema.users.email})`, email.trim().toLowerCase()));
  return row ? toUser(row) : null;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  const rows = await db.select(columns).from(schema.users).orderBy(asc(schema.users.createdAt), asc(schema.users.id));
  return rows.map(toUser);
}

/** True when the user exists and is not deactivated. */
export async function isActiveUser(db: Db, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(and(eq(schema.users.id, id), isNull(schema.users.deactivatedAt)));
  return row !== undefined;
}

export async function setUserRole(db: Db, id: string, role: Role): Promise<void> {
  await db.update(schema.users).set({ role, updatedAt: new Date() }).where(eq(schema.users.id, id));
}

/** Ends every session of a user at once (their next request is signed out). */
export async function endSessionsOf(db: Db, userId: string): Promise<number> {
  const rows = await db.delete(schema.authSessions).where(eq(schema.authSessions.userId, userId)).returning({ id: schema.authSessions.id });
  return rows.length;
}

/** Deactivates (or reactivates) a user; deactivating ends their sessions in the same transaction. */
export async function setUserActive(db: Db, id: string, active: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(schema.users)
      .set({ deactivatedAt: active ? null : new Date(), updatedAt: new Date() })
      .where(eq(schema.users.id, id));
    if (!active) await tx.delete(schema.authSessions).where(eq(schema.authSessions.userId, id));
  });
}

/** Share links: a token that opens one workflow read-only, until it is turned off. */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql as dsql } from 'drizzle-orm';
import * as schema from '../../drizzle/schema';
import type { Db } from './workflows';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface ShareLink {
  token: string;
  workflowId: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** 144 random bits, URL-safe: a link can't be guessed. */
function newToken(): string {
  return randomBytes(18).toString('base64url');
}

/** The workflow's link that is on, if any. */
export async function activeShareLink(db: Db | Tx, workflowId: string): Promise<ShareLink | null> {
  const [row] = await db
    .select()
    .from(schema.shareLinks)
    .where(and(eq(schema.shareLinks.workflowId, workflowId), isNull(schema.shareLinks.revokedAt)))
    .limit(1);
  return row ?? null;
}

/** Returns the workflow's link that is on, or makes one: sharing twice gives the same address. */
export async function createShareLink(db: Db, workflowId: string): Promise<ShareLink> {
  return db.transaction(async (tx) => {
    // One link per workflow at a time: the lock makes two clicks at once agree on it.
    await tx.select({ id: schema.workflows.id }).from(schema.workflows).where(eq(schema.workflows.id, workflowId)).for('update');
    const existing = await activeShareLink(tx, workflowId);
    if (existing) return existing;
    const [row] = await tx.insert(schema.shareLinks).values({ token: newToken(), workflowId }).returning();
    return row;
  });
}

/** Turns off the workflow's links; returns how many were on. */
export async function revokeShareLinks(db: Db, workflowId: string): Promise<number> {
  const rows = await db
    .update(schema.shareLinks)
    .set({ revokedAt: dsql`now()` })
    .where(and(eq(schema.shareLinks.workflowId, workflowId), isNull(schema.shareLinks.revokedAt)))
    .returning({ token: schema.shareLinks.token });
  return rows.length;
}

export async function getShareLink(db: Db, token: string): Promise<ShareLink | null> {
  const [row] = await db.select().from(schema.shareLinks).where(eq(schema.shareLinks.token, token));
  return row ?? null;
}

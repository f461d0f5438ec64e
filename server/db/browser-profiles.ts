/** Browser profiles: the rows. Their folders and locks are server/browser's concern. */
import { desc, eq, sql as dsql } from 'drizzle-orm';
import { browserProfiles } from '../../drizzle/schema';
import type { ProfileSettings } from '../browser/profile-settings';
import { newId } from '../ids';
import type { Database } from './client';

export interface BrowserProfile {
  id: string;
  name: string;
  userAgent: string;
  viewportWidth: number;
  viewportHeight: number;
  locale: string;
  timezone: string;
  proxyServer: string;
  proxyUser: string;
  /** The credential that holds the proxy password, or null for none. */
  proxyCredentialId: string | null;
  notes: string;
  /** Who manages it and chooses who may use it; null: the instance's (admins only). */
  ownerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = {
  id: browserProfiles.id,
  name: browserProfiles.name,
  userAgent: browserProfiles.userAgent,
  viewportWidth: browserProfiles.viewportWidth,
  viewportHeight: browserProfiles.viewportHeight,
  locale: browserProfiles.locale,
  timezone: browserProfiles.timezone,
  proxyServer: browserProfiles.proxyServer,
  proxyUser: browserProfiles.proxyUser,
  proxyCredentialId: browserProfiles.proxyCredentialId,
  notes: browserProfiles.notes,
  ownerId: browserProfiles.ownerId,
  createdAt: browserProfiles.createdAt,
  updatedAt: browserProfiles.updatedAt,
};

export function listProfiles(db: Database): Promise<BrowserProfile[]> {
  return db.select(columns).from(browserProfiles).orderBy(desc(browserProfiles.updatedAt));
}

/** Every profile's id and name: what workflow exports and imports name profiles by. */
export function listProfileNames(db: Database): Promise<Array<{ id: string; name: string }>> {
  return db.select({ id: browserProfiles.id, name: browserProfiles.name }).from(browserProfiles);
}

export async function getProfile(db: Database, id: string): Promise<BrowserProfile | null> {
  const [row] = await db.select(columns).from(browserProfiles).where(eq(browserProfiles.id, id));
  return row ?? null;
}

export async function createProfile(
  db: Database,
  settings: ProfileSettings,
  proxyCredentialId: string | null = null,
  id = newId('prof'),
  ownerId: string | null = null,
): Promise<BrowserProfile> {
  const [row] = await db
    .insert(browserProfiles)
    .values({ id, ...settings, proxyCredentialId, ownerId })
    .returning(columns);
  return row;
}

/** Null when the profile does not exist. `proxyCredentialId` undefined leaves it as it is. */
export async function updateProfile(
  db: Database,
  id: string,
  settings: ProfileSettings,
  proxyCredentialId?: string | null,
): Promise<BrowserProfile | null> {
  const [row] = await db
    .update(browserProfiles)
    .set({ ...settings, ...(proxyCredentialId === undefined ? {} : { proxyCredentialId }), updatedAt: dsql`now()` })
    .where(eq(browserProfiles.id, id))
    .returning(columns);
  return row ?? null;
}

export async function deleteProfile(db: Database, id: string): Promise<boolean> {
  const rows = await db.delete(browserProfiles).where(eq(browserProfiles.id, id)).returning({ id: browserProfiles.id });
  return rows.length > 0;
}

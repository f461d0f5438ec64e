/**
 * Browser profiles for the API: the row, its browser folder and its proxy credential kept in
 * step. A profile in use by a run is neither deleted nor tested until that run lets it go.
 */
import { mkdir } from 'node:fs/promises';
import { createProfile, deleteProfile, getProfile, listProfiles, updateProfile, type BrowserProfile } from '../db/browser-profiles';
import { acquireProfileLock } from '../browser/profile-lock';
import { defaultProfilesDir, profileDir, removeProfileDir } from '../browser/profile-dirs';
import type { ProfileSettings } from '../browser/profile-settings';
import { proxyPasswordReader, removeProxyCredential, saveProxyCredential } from '../browser/proxy-credentials';
import { databaseCredentialSource } from '../credentials/source';
import { newId } from '../ids';
import type { AppContext } from '../context';
import { NotFoundError } from '../errors';

/** What the browser gets: never the credential id, only whether a proxy password is kept. */
export type ProfileView = Omit<BrowserProfile, 'proxyCredentialId'> & { hasProxyPassword: boolean; folder: string };

export class ProfileInputError extends Error {}

function view(profile: BrowserProfile): ProfileView {
  const { proxyCredentialId, ...rest } = profile;
  return { ...rest, hasProxyPassword: proxyCredentialId !== null, folder: profileDir(defaultProfilesDir(), profile.id) };
}

async function existing(ctx: AppContext, id: string): Promise<BrowserProfile> {
  const profile = await getProfile(ctx.db, id);
  if (!profile) throw new NotFoundError(`There is no browser profile with the id "${id}".`);
  return profile;
}

function checkProxy(settings: ProfileSettings, password: string | undefined): void {
  if (password && !settings.proxyServer) throw new ProfileInputError('A proxy password needs a proxy address: enter the proxy first.');
  if (password && !settings.proxyUser) throw new ProfileInputError('A proxy password needs a proxy user name: enter the user name too.');
}

export async function listBrowserProfiles(ctx: AppContext): Promise<ProfileView[]> {
  return (await listProfiles(ctx.db)).map(view);
}

export async function getBrowserProfile(ctx: AppContext, id: string): Promise<ProfileView> {
  return view(await existing(ctx, id));
}

/** `ownerId` null: the instance's (the CLI on this machine), which only admins manage and use. */
export async function createBrowserProfile(
  ctx: AppContext,
  settings: ProfileSettings,
  proxyPassword?: string,
  ownerId: string | null = null,
): Promise<ProfileView> {
  checkProxy(settings, proxyPassword);
  const id = newId('prof');
  const credentialId = await saveProxyCredential(ctx, { id, ...settings }, null, proxyPassword);
  try {
    const profile = await createProfile(ctx.db, settings, credentialId, id, ownerId);
    await mkdir(profileDir(defaultProfilesDir(), id), { recursive: true });
    return view(profile);
  } catch (error) {
    await removeProxyCredential(ctx, credentialId).catch(() => {});
    throw error;
  }
}

/**
 * `proxyPassword`: a new password, or undefined to keep the saved one. `clearProxyPassword`
 * forgets it. A profile without a proxy address keeps no password.
 */
export async function updateBrowserProfile(
  ctx: AppContext,
  id: string,
  settings: ProfileSettings,
  proxyPassword?: string,
  clearProxyPassword = false,
): Promise<ProfileView> {
  const before = await existing(ctx, id);
  checkProxy(settings, proxyPassword);
  let credentialId = before.proxyCredentialId;
  if (clearProxyPassword || !settings.proxyServer) {
    await removeProxyCredential(ctx, credentialId);
    credentialId = null;
  } else {
    credentialId = await saveProxyCredential(ctx, { id, ...settings }, credentialId, proxyPassword);
  }
  const updated = await updateProfile(ctx.db, id, settings, credentialId);
  if (!updated) throw new NotFoundError(`There is no browser profile with the id "${id}".`);
  return view(updated);
}

/**
 * The copy gets the same settings and its own copy of the proxy password, but an empty browser
 * folder: cookies and logins are not copied (two profiles signed in as one account confuse sites).
 */
export async function duplicateBrowserProfile(ctx: AppContext, id: string, ownerId: string | null = null): Promise<ProfileView> {
  const original = await existing(ctx, id);
  const settings: ProfileSettings = {
    name: `${original.name} (copy)`.slice(0, 200),
    userAgent: original.userAgent,
    viewportWidth: original.viewportWidth,
    viewportHeight: original.viewportHeight,
    locale: original.locale,
    timezone: original.timezone,
    proxyServer: original.proxyServer,
    proxyUser: original.proxyUser,
    notes: original.notes,
  };
  const read = proxyPasswordReader(databaseCredentialSource(ctx.sql, ctx.keys));
  const password = original.proxyCredentialId ? await read(original.proxyCredentialId).catch(() => '') : '';
  return createBrowserProfile(ctx, settings, password || undefined, ownerId);
}

/** Deletes the profile, its cookies and logins, and its proxy password; refused while a run uses it. */
export async function deleteBrowserProfile(ctx: AppContext, id: string): Promise<void> {
  const profile = await existing(ctx, id);
  const lock = await acquireProfileLock(ctx.sql, {
    profileId: id,
    profileName: profile.name,
    holder: { kind: 'profiles-page' },
    waitMs: 0,
  });
  try {
    await removeProfileDir(defaultProfilesDir(), id);
    await deleteProfile(ctx.db, id);
    await removeProxyCredential(ctx, profile.proxyCredentialId);
  } finally {
    await lock.release();
  }
}

/** Where each profile keeps its browser data: `<data dir>/browser-profiles/<profile id>`. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';

const SAFE_ID = /^[A-Za-z0-9_-]+$/;

/** The default root: TASKMASTER_DATA_DIR/browser-profiles. */
export function defaultProfilesDir(): string {
  return path.join(loadConfig().dataDir, 'browser-profiles');
}

export function profileDir(root: string, profileId: string): string {
  // Ids are ours (prof_…), but a folder name is checked before it is used to write or delete.
  if (!SAFE_ID.test(profileId)) throw new Error(`"${profileId}" is not a valid browser profile id.`);
  return path.join(path.resolve(root), profileId);
}

/** Deletes the profile's cookies, logins and cache. */
export async function removeProfileDir(root: string, profileId: string): Promise<void> {
  await rm(profileDir(root, profileId), { recursive: true, force: true });
}

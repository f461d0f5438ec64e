/**
 * "Who may use" a browser profile, besides its owner. The router checks the asker's right first
 * (server/auth/profile-access.ts); these read and replace the list, and audit the change.
 */
import type { Principal } from '../auth/principal';
import { AccessDeniedError } from '../auth/access';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { getProfile } from '../db/browser-profiles';
import { profileSharing, replaceProfileUsers } from '../db/profile-users';
import { listUsers } from '../db/users';

type Asker = AppContext & { principal: Principal };

/** The profile's owner, who may use it, and the people it could be given to (active editors and up). */
export async function profileUsers(ctx: AppContext, profileId: string) {
  const { owner, allowed } = await profileSharing(ctx.sql, profileId);
  const people = (await listUsers(ctx.db))
    .filter((u) => !u.deactivatedAt && u.id !== owner?.userId && u.role !== 'viewer')
    .map((u) => ({ userId: u.id, name: u.name, email: u.email, role: u.role }));
  return { owner, allowed, people };
}

/** Replaces who may use the profile; 404 when one of the people has no account any more. */
export async function setProfileUsers(ctx: Asker, profileId: string, userIds: string[]): Promise<{ allowed: number }> {
  const users = new Map((await listUsers(ctx.db)).map((u) => [u.id, u]));
  const unknown = userIds.find((id) => !users.has(id));
  if (unknown) throw new AccessDeniedError(404, 'One of the people chosen has no account any more. Reload and choose again.');
  await replaceProfileUsers(ctx.sql, profileId, userIds);
  const profile = await getProfile(ctx.db, profileId);
  await recordAudit(ctx, {
    action: 'profile.share',
    target: { type: 'browser-profile', id: profileId, name: profile?.name },
    details: { allowed: [...new Set(userIds)].map((id) => users.get(id)?.name ?? id) },
  });
  return { allowed: new Set(userIds).size };
}

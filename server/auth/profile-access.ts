/**
 * Per-profile rights, the same model as credentials' (access.ts, docs/auth.md): a browser profile
 * carries cookies and logins of signed-in sites and a proxy with its password, so
 * - its owner and admins (and the local CLI) manage it: change, delete, copy, choose who may use it;
 * - the people listed under "Who may use" pick it in their steps and open its test page;
 * - everyone else neither sees nor uses it (404, so ids of others' profiles don't leak).
 * Profiles without an owner (made before owners existed, or by the CLI) are the instance's:
 * admins manage them and workflows without an owner use them.
 */
import type { AppContext } from '../context';
import type { WorkflowDocument } from '../../core/document';
import { profileRefs } from '../../core/profile-fields';
import { hasRole } from '../../core/roles';
import { ownedProfileIds, profileAccessRow, profileNames, usableProfileIds } from '../db/profile-users';
import { AccessDeniedError, seesEverything } from './access';
import type { Principal } from './principal';

export type ProfileRight = 'use' | 'manage';

/** Profile ids a person reaches: every one, or these. */
export type ProfileScope = { all: true } | { all: false; ids: Set<string> };

/** The person's right on a profile: manage (owner, admins), use (listed), or null (can't see it, or there is none). */
export async function profileRight(ctx: AppContext, principal: Principal, profileId: string): Promise<ProfileRight | null> {
  const row = await profileAccessRow(ctx.sql, profileId, principal.userId);
  if (!row) return null;
  if (seesEverything(principal)) return 'manage';
  if (row.ownerId === principal.userId) return hasRole(principal.role, 'editor') ? 'manage' : 'use';
  return row.listed ? 'use' : null;
}

/** Throws unless the person has `need` on the profile (404 if they may not use it, 403 if they may only use it). */
export async function assertProfileRight(ctx: AppContext, principal: Principal, profileId: string, need: ProfileRight): Promise<void> {
  const right = await profileRight(ctx, principal, profileId);
  if (!right) throw new AccessDeniedError(404, `There is no browser profile with the id "${profileId}" that you may use.`);
  if (need === 'manage' && right !== 'manage') {
    throw new AccessDeniedError(
      403,
      'You may use this browser profile in your steps, but only its owner or an admin can change, copy or delete it, or choose who may use it.',
    );
  }
}

/** The profiles a person may use (and so see): every one, or these. */
export async function profileScope(ctx: AppContext, principal: Principal): Promise<ProfileScope> {
  if (seesEverything(principal)) return { all: true };
  return { all: false, ids: await usableProfileIds(ctx.sql, principal.userId) };
}

/** The profiles a person may manage: every one, or these (the same rule as profileRight). */
export async function managedProfiles(ctx: AppContext, principal: Principal): Promise<ProfileScope> {
  if (seesEverything(principal)) return { all: true };
  if (!hasRole(principal.role, 'editor')) return { all: false, ids: new Set() };
  return { all: false, ids: await ownedProfileIds(ctx.sql, principal.userId) };
}

/** Keeps the profiles in scope: what an import or a template may match by name. */
export function inProfileScope<T extends { id: string }>(scope: ProfileScope, all: T[]): T[] {
  return scope.all ? all : all.filter((p) => scope.ids.has(p.id));
}

/**
 * Throws (403) when the document's steps pick a browser profile the person may not use, naming
 * the step and the field. Profiles `previous` already picked are let through: an editor a
 * workflow is shared with keeps the owner's choices, but can't add profiles they aren't allowed.
 */
export async function assertMayUseProfiles(
  ctx: AppContext,
  principal: Principal,
  document: WorkflowDocument,
  previous?: WorkflowDocument,
): Promise<void> {
  if (seesEverything(principal)) return;
  const before = new Set(previous ? profileRefs(previous, ctx.lookup).map((r) => r.profileId) : []);
  const added = profileRefs(document, ctx.lookup).filter((r) => !before.has(r.profileId));
  if (added.length === 0) return;
  const usable = await usableProfileIds(ctx.sql, principal.userId);
  const unusable = added.filter((r) => !usable.has(r.profileId));
  // A profile that doesn't exist (deleted, or from an imported file) fails later in its own words.
  const names = await profileNames(ctx.sql, [...new Set(unusable.map((r) => r.profileId))]);
  const refused = unusable.filter((r) => names.has(r.profileId));
  if (refused.length === 0) return;
  const where = refused.map((r) => `step "${r.stepName}", field "${r.label}": "${names.get(r.profileId)}"`).join('; ');
  throw new AccessDeniedError(
    403,
    `You may not use the browser profile chosen in ${where}. Ask its owner to add you under "Who may use" on the Browser profiles page, or choose another profile.`,
  );
}

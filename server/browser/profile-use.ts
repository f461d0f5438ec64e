/**
 * The run-time half of "Who may use" (server/auth/profile-access.ts): before a run's browser opens
 * with a profile, the run's workflow owner must be allowed to use it. A workflow saved before
 * the rule existed, or one whose owner was taken off the list since, fails here with a plain
 * message on the step instead of opening someone else's cookies and logins.
 */
import type { Sql } from 'postgres';
import { hasRole, isRole } from '../../core/roles';
import { profileAccessRow } from '../db/profile-users';
import { runOwner } from '../db/sharing';

/** Throws unless the run's workflow owner may use the profile (owners and admins, and workflows without an owner, may). */
export async function assertRunMayUseProfile(sql: Sql, runId: string, profile: { id: string; name: string }): Promise<void> {
  const { owner } = await runOwner(sql, runId);
  if (!owner || (isRole(owner.role) && hasRole(owner.role, 'admin'))) return;
  const access = await profileAccessRow(sql, profile.id, owner.id);
  if (access && (access.ownerId === owner.id || access.listed)) return;
  throw new Error(
    `The workflow's owner (${owner.name}) may not use the browser profile "${profile.name}". Ask the profile's owner to add them under "Who may use" on the Browser profiles page, or choose another profile in this step.`,
  );
}

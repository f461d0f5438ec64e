/**
 * Who may use a saved credential and who may open or change a workflow, besides their owners.
 * The routers check the asker's rights first; these read and replace the lists (and audit).
 */
import type { Principal } from '../auth/principal';
import { AccessDeniedError, seesEverything } from '../auth/access';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { getCredentialRow } from '../db/credentials';
import {
  credentialSharing,
  replaceCredentialGrants,
  replaceWorkflowShares,
  SHARE_ROLES,
  workflowSharing,
  type ShareRole,
} from '../db/sharing';
import { listUsers, type UserRow } from '../db/users';
import { getWorkflow } from '../db/workflows';

export { SHARE_ROLES, type ShareRole };

/** The asker is recorded as the audit entry's actor. */
type Asker = AppContext & { principal: Principal };

const asPerson = (u: UserRow) => ({ userId: u.id, name: u.name, email: u.email, role: u.role });

/** The credential's owner, who may use it, and the people it could be given to (editors and up). */
export async function credentialUsers(ctx: AppContext, credentialId: string) {
  const { owner, allowed } = await credentialSharing(ctx.sql, credentialId);
  const people = (await listUsers(ctx.db)).filter((u) => !u.deactivatedAt && u.id !== owner?.userId && u.role !== 'viewer').map(asPerson);
  return { owner, allowed, people };
}

/** Replaces who may use the credential; 404 when one of the people has no account any more. */
export async function setCredentialUsers(ctx: Asker, credentialId: string, userIds: string[]): Promise<{ allowed: number }> {
  const users = new Map((await listUsers(ctx.db)).map((u) => [u.id, u]));
  const unknown = userIds.find((id) => !users.has(id));
  if (unknown) throw new AccessDeniedError(404, 'One of the people chosen has no account any more. Reload and choose again.');
  await replaceCredentialGrants(ctx.sql, credentialId, userIds);
  const row = await getCredentialRow(ctx.sql, credentialId);
  await recordAudit(ctx, {
    action: 'credential.share',
    target: { type: 'credential', id: credentialId, name: row?.name },
    details: { allowed: userIds.map((id) => users.get(id)?.name ?? id) },
  });
  return { allowed: new Set(userIds).size };
}

/** Admins, the instance owner and the workflow's owner change its share list. */
export async function mayManageWorkflowShares(ctx: AppContext, principal: Principal, workflowId: string): Promise<boolean> {
  if (seesEverything(principal)) return true;
  const { owner } = await workflowSharing(ctx.sql, workflowId);
  return owner?.userId === principal.userId;
}

/** The workflow's owner, the people it is shared with, and the people it could be shared with. */
export async function workflowShares(ctx: AppContext, workflowId: string) {
  const { owner, shares } = await workflowSharing(ctx.sql, workflowId);
  const people = (await listUsers(ctx.db)).filter((u) => !u.deactivatedAt && u.id !== owner?.userId).map(asPerson);
  return { owner, shares, people };
}

/** Replaces the share list. A person whose role is viewer only ever views, whatever is chosen. */
export async function setWorkflowShares(
  ctx: Asker,
  workflowId: string,
  wanted: Array<{ userId: string; role: ShareRole }>,
): Promise<{ shares: number }> {
  const users = new Map((await listUsers(ctx.db)).map((u) => [u.id, u]));
  const { owner } = await workflowSharing(ctx.sql, workflowId);
  const shares = new Map<string, ShareRole>();
  for (const s of wanted) {
    const user = users.get(s.userId);
    if (!user) throw new AccessDeniedError(404, 'One of the people chosen has no account any more. Reload and choose again.');
    if (s.userId === owner?.userId) continue;
    shares.set(s.userId, user.role === 'viewer' ? 'viewer' : s.role);
  }
  const list = [...shares].map(([userId, role]) => ({ userId, role }));
  await replaceWorkflowShares(ctx.sql, workflowId, list);
  const wf = await getWorkflow(ctx.db, workflowId);
  await recordAudit(ctx, {
    action: 'workflow.share',
    target: { type: 'workflow', id: workflowId, name: wf?.name },
    details: { shares: list.map((s) => ({ ...s, name: users.get(s.userId)?.name ?? '' })) },
  });
  return { shares: list.length };
}

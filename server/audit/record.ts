/**
 * `recordAudit(ctx, { action, target, details })`: the one way to write to the audit log
 * (Settings → Audit log). Call it after the change succeeded, from the procedure or route that
 * made it; the actor is the request's principal (null: the system, e.g. a webhook's run).
 * Never put secrets in `details`: the log is shown to admins as is.
 */
import type { Principal } from '../auth/principal';
import { insertAudit } from '../db/audit';
import type { AppContext } from '../context';

/** The actions written today, by family; the page's filter offers these. */
export const AUDIT_ACTIONS = {
  auth: ['auth.sign-in', 'auth.sign-in-failed', 'auth.sign-out', 'auth.setup'],
  user: ['user.invite', 'user.invite-cancel', 'user.join', 'user.role', 'user.deactivate', 'user.reactivate', 'user.sign-out-everywhere'],
  workflow: [
    'workflow.create',
    'workflow.save',
    'workflow.delete',
    'workflow.activate',
    'workflow.deactivate',
    'workflow.share',
    'workflow.import',
  ],
  credential: ['credential.create', 'credential.update', 'credential.delete', 'credential.share', 'credential.use'],
  profile: ['profile.share'],
  settings: ['settings.update'],
  'share-link': ['share-link.create', 'share-link.revoke'],
  'api-key': ['api-key.create', 'api-key.revoke'],
} as const;

export interface AuditTarget {
  type: string;
  id: string;
  name?: string | null;
}

export interface AuditRecord {
  action: string;
  target?: AuditTarget;
  details?: Record<string, unknown>;
  /** Who did it, when not the request's principal (a failed sign-in names the e-mail tried). */
  actor?: { id: string | null; name: string };
  ip?: string | null;
}

export async function recordAudit(ctx: Pick<AppContext, 'sql'> & { principal?: Principal | null }, entry: AuditRecord): Promise<void> {
  const actor = entry.actor ?? (ctx.principal ? { id: ctx.principal.userId, name: ctx.principal.name } : { id: null, name: 'TaskMaster' });
  await insertAudit(ctx.sql, {
    actorId: actor.id,
    actorName: actor.name,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    targetName: entry.target?.name ?? null,
    details: entry.details,
    ip: entry.ip ?? null,
  });
}

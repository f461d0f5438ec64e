/** Turning a workflow's read-only share link on and off (audited), and the link that is on. */
import type { Principal } from '../auth/principal';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { activeShareLink, createShareLink, revokeShareLinks } from '../db/share-links';
import { getWorkflow, type Db } from '../db/workflows';

/** The asker is the audit entry's actor. */
type Asker = AppContext & { principal: Principal };

/** The link that is on (a new one when none was). */
export async function turnOnShareLink(ctx: Asker, workflowId: string) {
  const link = await createShareLink(ctx.db, workflowId);
  await recordAudit(ctx, {
    action: 'share-link.create',
    target: { type: 'workflow', id: workflowId, name: (await getWorkflow(ctx.db, workflowId))?.name },
  });
  return link;
}

/** How many links were turned off. */
export async function turnOffShareLinks(ctx: Asker, workflowId: string): Promise<number> {
  const revoked = await revokeShareLinks(ctx.db, workflowId);
  await recordAudit(ctx, {
    action: 'share-link.revoke',
    target: { type: 'workflow', id: workflowId, name: (await getWorkflow(ctx.db, workflowId))?.name },
  });
  return revoked;
}

export const shareLinkOf = (db: Db, workflowId: string) => activeShareLink(db, workflowId);

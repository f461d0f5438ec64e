/**
 * "Share with": who may open or change a workflow, besides its owner. Spread into the workflows
 * router (`workflows.sharing`, `workflows.setSharing`). Only the workflow's owner, admins and the
 * instance owner change the list; people shared as editor edit the workflow but don't re-share it.
 */
import { z } from 'zod';
import { AccessDeniedError, assertWorkflowRight, seesEverything } from '../../auth/access';
import type { Principal } from '../../auth/principal';
import { recordAudit } from '../../audit/record';
import { getWorkflow } from '../../db/workflows';
import { replaceWorkflowShares, SHARE_ROLES, workflowSharing } from '../../db/sharing';
import { listUsers } from '../../db/users';
import type { AppContext } from '../../context';
import { editorProcedure, viewerProcedure } from '../init';

async function mayManage(ctx: AppContext, principal: Principal, workflowId: string): Promise<boolean> {
  if (seesEverything(principal)) return true;
  const { owner } = await workflowSharing(ctx.sql, workflowId);
  return owner?.userId === principal.userId;
}

export const workflowSharingProcedures = {
  /** The owner, the people it is shared with, and the people it could be shared with. */
  sharing: viewerProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => {
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'view');
    const { owner, shares } = await workflowSharing(ctx.sql, input.id);
    const people = (await listUsers(ctx.db))
      .filter((u) => !u.deactivatedAt && u.id !== owner?.userId)
      .map((u) => ({ userId: u.id, name: u.name, email: u.email, role: u.role }));
    return { owner, shares, people, canManage: await mayManage(ctx, ctx.principal, input.id) };
  }),

  /** Replaces the share list. A person whose role is viewer only ever views, whatever is chosen. */
  setSharing: editorProcedure
    .input(
      z.object({
        id: z.string().min(1),
        shares: z.array(z.object({ userId: z.string().min(1), role: z.enum(SHARE_ROLES) })).max(500),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertWorkflowRight(ctx, ctx.principal, input.id, 'view');
      if (!(await mayManage(ctx, ctx.principal, input.id))) {
        throw new AccessDeniedError(403, "Only the workflow's owner or an admin can change who it is shared with.");
      }
      const users = new Map((await listUsers(ctx.db)).map((u) => [u.id, u]));
      const { owner } = await workflowSharing(ctx.sql, input.id);
      const shares = new Map<string, (typeof SHARE_ROLES)[number]>();
      for (const s of input.shares) {
        const user = users.get(s.userId);
        if (!user) throw new AccessDeniedError(404, 'One of the people chosen has no account any more. Reload and choose again.');
        if (s.userId === owner?.userId) continue;
        shares.set(s.userId, user.role === 'viewer' ? 'viewer' : s.role);
      }
      const list = [...shares].map(([userId, role]) => ({ userId, role }));
      await replaceWorkflowShares(ctx.sql, input.id, list);
      const wf = await getWorkflow(ctx.db, input.id);
      await recordAudit(ctx, {
        action: 'workflow.share',
        target: { type: 'workflow', id: input.id, name: wf?.name },
        details: { shares: list.map((s) => ({ ...s, name: users.get(s.userId)?.name ?? '' })) },
      });
      return { shares: list.length };
    }),
};

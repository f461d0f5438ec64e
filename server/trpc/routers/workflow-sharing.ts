/**
 * "Share with": who may open or change a workflow, besides its owner. Spread into the workflows
 * router (`workflows.sharing`, `workflows.setSharing`). Only the workflow's owner, admins and the
 * instance owner change the list; people shared as editor edit the workflow but don't re-share it.
 */
import { z } from 'zod';
import { AccessDeniedError, assertWorkflowRight } from '../../auth/access';
import { mayManageWorkflowShares, SHARE_ROLES, setWorkflowShares, workflowShares } from '../../services/sharing';
import { editorProcedure, viewerProcedure } from '../init';

export const workflowSharingProcedures = {
  /** The owner, the people it is shared with, and the people it could be shared with. */
  sharing: viewerProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => {
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'view');
    const { owner, shares, people } = await workflowShares(ctx, input.id);
    return { owner, shares, people, canManage: await mayManageWorkflowShares(ctx, ctx.principal, input.id) };
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
      if (!(await mayManageWorkflowShares(ctx, ctx.principal, input.id))) {
        throw new AccessDeniedError(403, "Only the workflow's owner or an admin can change who it is shared with.");
      }
      return setWorkflowShares(ctx, input.id, input.shares);
    }),
};

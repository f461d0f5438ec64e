/**
 * "Allowed to use": the people who may pick a saved credential in their steps, besides its owner.
 * Nobody reads a secret back through this; it only says who may use it. Spread into the
 * credentials router (`credentials.sharing`, `credentials.setSharing`).
 */
import { z } from 'zod';
import { assertCredentialRight, credentialRight } from '../../auth/access';
import { credentialUsers, setCredentialUsers } from '../../services/sharing';
import { editorProcedure, viewerProcedure } from '../init';

export const credentialSharingProcedures = {
  sharing: viewerProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => {
    await assertCredentialRight(ctx, ctx.principal, input.id, 'use');
    const { owner, allowed, people } = await credentialUsers(ctx, input.id);
    return { owner, allowed, people, canManage: (await credentialRight(ctx, ctx.principal, input.id)) === 'manage' };
  }),

  /** Replaces who may use the credential (owner or admin only). */
  setSharing: editorProcedure
    .input(z.object({ id: z.string().min(1), userIds: z.array(z.string().min(1)).max(500) }))
    .mutation(async ({ ctx, input }) => {
      await assertCredentialRight(ctx, ctx.principal, input.id, 'manage');
      return setCredentialUsers(ctx, input.id, input.userIds);
    }),
};

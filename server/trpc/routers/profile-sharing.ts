/**
 * "Who may use": the people who may pick a browser profile in their steps, besides its owner.
 * Spread into the profiles router (`profiles.sharing`, `profiles.setSharing`).
 */
import { z } from 'zod';
import { assertProfileRight, profileRight } from '../../auth/profile-access';
import { profileUsers, setProfileUsers } from '../../services/profile-sharing';
import { editorProcedure, viewerProcedure } from '../init';

export const profileSharingProcedures = {
  sharing: viewerProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => {
    await assertProfileRight(ctx, ctx.principal, input.id, 'use');
    const { owner, allowed, people } = await profileUsers(ctx, input.id);
    return { owner, allowed, people, canManage: (await profileRight(ctx, ctx.principal, input.id)) === 'manage' };
  }),

  /** Replaces who may use the profile (its owner or an admin only). */
  setSharing: editorProcedure
    .input(z.object({ id: z.string().min(1), userIds: z.array(z.string().min(1)).max(500) }))
    .mutation(async ({ ctx, input }) => {
      await assertProfileRight(ctx, ctx.principal, input.id, 'manage');
      return setProfileUsers(ctx, input.id, input.userIds);
    }),
};

/**
 * "Allowed to use": the people who may pick a saved credential in their steps, besides its owner.
 * Nobody reads a secret back through this; it only says who may use it. Spread into the
 * credentials router (`credentials.sharing`, `credentials.setSharing`).
 */
import { z } from 'zod';
import { assertCredentialRight, credentialRight } from '../../auth/access';
import { recordAudit } from '../../audit/record';
import { getCredentialRow } from '../../db/credentials';
import { credentialSharing, replaceCredentialGrants } from '../../db/sharing';
import { listUsers } from '../../db/users';
import { AccessDeniedError } from '../../auth/access';
import { editorProcedure, viewerProcedure } from '../init';

export const credentialSharingProcedures = {
  sharing: viewerProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => {
    await assertCredentialRight(ctx, ctx.principal, input.id, 'use');
    const { owner, allowed } = await credentialSharing(ctx.sql, input.id);
    const people = (await listUsers(ctx.db))
      .filter((u) => !u.deactivatedAt && u.id !== owner?.userId && u.role !== 'viewer')
      .map((u) => ({ userId: u.id, name: u.name, email: u.email, role: u.role }));
    return { owner, allowed, people, canManage: (await credentialRight(ctx, ctx.principal, input.id)) === 'manage' };
  }),

  /** Replaces who may use the credential (owner or admin only). */
  setSharing: editorProcedure
    .input(z.object({ id: z.string().min(1), userIds: z.array(z.string().min(1)).max(500) }))
    .mutation(async ({ ctx, input }) => {
      await assertCredentialRight(ctx, ctx.principal, input.id, 'manage');
      const users = new Map((await listUsers(ctx.db)).map((u) => [u.id, u]));
      const unknown = input.userIds.find((id) => !users.has(id));
      if (unknown) throw new AccessDeniedError(404, 'One of the people chosen has no account any more. Reload and choose again.');
      await replaceCredentialGrants(ctx.sql, input.id, input.userIds);
      const row = await getCredentialRow(ctx.sql, input.id);
      await recordAudit(ctx, {
        action: 'credential.share',
        target: { type: 'credential', id: input.id, name: row?.name },
        details: { allowed: input.userIds.map((id) => users.get(id)?.name ?? id) },
      });
      return { allowed: new Set(input.userIds).size };
    }),
};

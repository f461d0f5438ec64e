/** The Users page (owner and admins): people, roles, invitations. */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { AccountError } from '../../auth/accounts';
import { ROLES } from '../../auth/roles';
import { cancelInvite, changeRole, inviteUser, linkBase, setActive, signOutEverywhere, usersAndInvites } from '../../auth/users-service';
import { adminProcedure, middleware, router } from '../init';

const CODES = { 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 409: 'CONFLICT', 429: 'TOO_MANY_REQUESTS' } as const;

const mapErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AccountError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: CODES[cause.status], message: cause.message, cause });
  }
  return result;
});

const admin = adminProcedure.use(mapErrors);
const userId = z.object({ userId: z.string().min(1) });

export const usersRouter = router({
  list: admin.query(({ ctx }) => usersAndInvites(ctx)),
  invite: admin
    .input(z.object({ email: z.string().max(320), role: z.enum(ROLES) }))
    .mutation(({ ctx, input }) => inviteUser(ctx, ctx.principal, input, linkBase(ctx.publicUrl, ctx.requestOrigin))),
  cancelInvite: admin.input(z.object({ inviteId: z.string().min(1) })).mutation(({ ctx, input }) => cancelInvite(ctx, input.inviteId)),
  setRole: admin
    .input(userId.extend({ role: z.enum(ROLES) }))
    .mutation(({ ctx, input }) => changeRole(ctx, ctx.principal, input.userId, input.role)),
  setActive: admin
    .input(userId.extend({ active: z.boolean() }))
    .mutation(({ ctx, input }) => setActive(ctx, ctx.principal, input.userId, input.active)),
  signOutEverywhere: admin.input(userId).mutation(async ({ ctx, input }) => ({ ended: await signOutEverywhere(ctx, ctx.principal, input.userId) })),
});

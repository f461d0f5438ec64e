/** The Users page (owner and admins): people, roles, invitations. */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { AccountError } from '../../auth/accounts';
import { ROLES } from '../../../core/roles';
import { cancelInvite, changeRole, inviteUser, setActive, signOutEverywhere, usersAndInvites } from '../../auth/users-service';
import { recordAudit } from '../../audit/record';
import { mailInvitation } from '../../auth/invite-mail';
import { userById } from '../../services/users';
import { linkBase } from '../../settings/public-address';
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

const userTarget = (id: string, user: { name: string; email: string } | null) => ({
  type: 'user',
  id,
  name: user ? `${user.name} (${user.email})` : null,
});
const userId = z.object({ userId: z.string().min(1) });

export const usersRouter = router({
  list: admin.query(({ ctx }) => usersAndInvites(ctx)),
  invite: admin.input(z.object({ email: z.string().max(320), role: z.enum(ROLES) })).mutation(async ({ ctx, input }) => {
    const made = await inviteUser(ctx, ctx.principal, input, await linkBase(ctx));
    const mail = await mailInvitation(ctx, { ...made, inviter: ctx.principal.name });
    await recordAudit(ctx, {
      action: 'user.invite',
      target: { type: 'user', id: made.id, name: made.email },
      details: { role: made.role, emailed: mail.status === 'sent' },
    });
    return { ...made, mail };
  }),
  cancelInvite: admin.input(z.object({ inviteId: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await cancelInvite(ctx, input.inviteId);
    await recordAudit(ctx, { action: 'user.invite-cancel', target: { type: 'invite', id: input.inviteId } });
  }),
  setRole: admin.input(userId.extend({ role: z.enum(ROLES) })).mutation(async ({ ctx, input }) => {
    const before = await userById(ctx.db, input.userId);
    await changeRole(ctx, ctx.principal, input.userId, input.role);
    await recordAudit(ctx, {
      action: 'user.role',
      target: userTarget(input.userId, before),
      details: { from: before?.role, to: input.role },
    });
  }),
  setActive: admin.input(userId.extend({ active: z.boolean() })).mutation(async ({ ctx, input }) => {
    await setActive(ctx, ctx.principal, input.userId, input.active);
    const user = await userById(ctx.db, input.userId);
    await recordAudit(ctx, { action: input.active ? 'user.reactivate' : 'user.deactivate', target: userTarget(input.userId, user) });
  }),
  signOutEverywhere: admin.input(userId).mutation(async ({ ctx, input }) => {
    const ended = await signOutEverywhere(ctx, ctx.principal, input.userId);
    await recordAudit(ctx, {
      action: 'user.sign-out-everywhere',
      target: userTarget(input.userId, await userById(ctx.db, input.userId)),
      details: { sessions: ended },
    });
    return { ended };
  }),
});

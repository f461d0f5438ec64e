/**
 * Each person's own API keys (the API keys page). Viewers may make keys too (their keys can only
 * read, as their role): create and revoke are the reviewed viewer mutations in
 * tests/integration/auth-guards.test.ts. Nobody sees or revokes another person's keys here.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { AccountError } from '../../auth/accounts';
import { API_KEY_SCOPES, createApiKey, listOwnApiKeys, revokeOwnApiKey } from '../../auth/api-keys';
import { recordAudit } from '../../audit/record';
import { middleware, router, viewerProcedure } from '../init';

const CODES = { 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 409: 'CONFLICT', 429: 'TOO_MANY_REQUESTS' } as const;

const mapErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AccountError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: CODES[cause.status], message: cause.message, cause });
  }
  return result;
});

const own = viewerProcedure.use(mapErrors);

export const apiKeysRouter = router({
  list: own.query(({ ctx }) => listOwnApiKeys(ctx, ctx.principal)),
  /** The answer's `key` is the only time the key is ever shown. */
  create: own
    .input(
      z.object({
        name: z.string().max(200),
        scopes: z.array(z.enum(API_KEY_SCOPES)).max(3),
        expiresAt: z.coerce.date().nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const made = await createApiKey(ctx, ctx.principal, input);
      const { id, name, scopes, expiresAt } = made.apiKey;
      await recordAudit(ctx, { action: 'api-key.create', target: { type: 'api-key', id, name }, details: { scopes, expiresAt } });
      return made;
    }),
  revoke: own.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await revokeOwnApiKey(ctx, ctx.principal, input.id);
    await recordAudit(ctx, { action: 'api-key.revoke', target: { type: 'api-key', id: input.id } });
    return { revoked: true };
  }),
});

/**
 * Instance-wide settings (the Settings page). `update` saves only the settings it names; every
 * worker sees the change at once (LISTEN/NOTIFY), without a restart.
 */
import { TRPCError } from '@trpc/server';
import { pruneNow } from '../../services/retention';
import { recordAudit } from '../../audit/record';
import { settingsPatchSchema } from '../../../core/settings-schema';
import { readSettings, SettingsInputError, updateSettings } from '../../settings/service';
import { adminProcedure, middleware, router, type TrpcContext } from '../init';

/** The page also shows TASKMASTER_PUBLIC_URL: when set, it wins over the saved public address. */
const withEnvironment = <T extends object>(ctx: TrpcContext, view: T) => ({ ...view, publicUrlFromEnvironment: ctx.publicUrl ?? null });

const mapErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof SettingsInputError) {
    const cause = result.error.cause;
    // Shaped like input errors ("key": message) so the page can show it under its field.
    throw new TRPCError({ code: 'BAD_REQUEST', message: `"${cause.key}": ${cause.message}`, cause });
  }
  return result;
});

export const settingsRouter = router({
  /** Every setting's value, its default, and which ones were saved. */
  get: adminProcedure.use(mapErrors).query(async ({ ctx }) => withEnvironment(ctx, await readSettings(ctx.sql))),

  update: adminProcedure
    .use(mapErrors)
    .input(settingsPatchSchema)
    .mutation(async ({ ctx, input }) => {
      // Run command starts programs as the server's own user: a step from there to the whole
      // machine, so only the owner decides it (admins manage everything else).
      if (input.shellEnabled !== undefined && ctx.principal?.role !== 'owner') {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Only the owner can allow or stop the “Run command” step.' });
      }
      const result = await updateSettings(ctx.sql, input);
      // Which settings changed, not their values (some, like a proxy, may hold addresses people consider private).
      await recordAudit(ctx, {
        action: 'settings.update',
        target: { type: 'settings', id: 'instance', name: 'Settings' },
        details: { changed: Object.keys(input) },
      });
      return withEnvironment(ctx, result);
    }),

  /** Runs the retention clean-up now (it also runs every hour); answers how many runs went. */
  pruneNow: adminProcedure.use(mapErrors).mutation(({ ctx }) => pruneNow(ctx.sql)),
});

/**
 * Instance-wide settings (the Settings page). `update` saves only the settings it names; every
 * worker sees the change at once (LISTEN/NOTIFY), without a restart.
 */
import { TRPCError } from '@trpc/server';
import { pruneRuns } from '../../db/retention';
import { settingsPatchSchema } from '../../settings/schema';
import { readSettings, SettingsInputError, updateSettings } from '../../settings/service';
import { publicProcedure, router } from '../init';

const procedure = publicProcedure.use(async ({ next }) => {
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
  get: procedure.query(({ ctx }) => readSettings(ctx.sql)),

  update: procedure.input(settingsPatchSchema).mutation(({ ctx, input }) => updateSettings(ctx.sql, input)),

  /** Runs the retention clean-up now (it also runs every hour); answers how many runs went. */
  pruneNow: procedure.mutation(async ({ ctx }) => {
    const { settings } = await readSettings(ctx.sql);
    return pruneRuns(ctx.sql, { days: settings.retentionDays, runsPerWorkflow: settings.retentionRunsPerWorkflow });
  }),
});

/** Alert rules (instance default and per workflow) and "Send a test alert". */
import { z } from 'zod';
import { alertConfigSchema, BUILT_IN_DEFAULT, DEFAULT_SCOPE } from '../../alerts/rules';
import { removeAlertConfig, saveAlertConfig, savedAlertConfig, workflowsWithOwnAlerts } from '../../db/alerts';
import { sendTestAlert } from '../../services/alerts';
import { editorProcedure, viewerProcedure, router } from '../init';

/** `*` is the instance default; anything else a workflow id. */
const scopeInput = z.object({ scope: z.string().min(1).max(100) });

export const alertsRouter = router({
  get: viewerProcedure.input(scopeInput).query(async ({ ctx, input }) => {
    const own = await savedAlertConfig(ctx.sql, input.scope);
    const fallback = input.scope === DEFAULT_SCOPE ? BUILT_IN_DEFAULT : ((await savedAlertConfig(ctx.sql, DEFAULT_SCOPE)) ?? BUILT_IN_DEFAULT);
    return { own: own !== null, config: own ?? fallback };
  }),

  /** Workflows with rules of their own. */
  overrides: viewerProcedure.query(({ ctx }) => workflowsWithOwnAlerts(ctx.sql)),

  save: editorProcedure.input(scopeInput.extend({ config: alertConfigSchema })).mutation(async ({ ctx, input }) => {
    await saveAlertConfig(ctx.sql, input.scope, input.config);
    return { saved: true };
  }),

  /** A workflow goes back to the instance default. */
  reset: editorProcedure.input(scopeInput).mutation(async ({ ctx, input }) => {
    await removeAlertConfig(ctx.sql, input.scope);
    return { reset: true };
  }),

  /** Sends a test alert through the channels of the config given (saved or not); each channel's result in words. */
  test: editorProcedure
    .input(z.object({ scope: z.string().min(1).max(100), config: alertConfigSchema }))
    .mutation(({ ctx, input }) => sendTestAlert(ctx, input.scope, input.config)),
});

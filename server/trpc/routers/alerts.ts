/** Alert rules (instance default and per workflow) and "Send a test alert". */
import { z } from 'zod';
import { alertConfigSchema, BUILT_IN_DEFAULT, DEFAULT_SCOPE } from '../../../core/alert-rules';
import { resetAlerts, saveAlerts, savedAlerts, sendTestAlert, workflowsWithAlerts } from '../../services/alerts';
import { AccessDeniedError, assertWorkflowRight, filterToScope, seesEverything, workflowScope } from '../../auth/access';
import type { Principal } from '../../auth/principal';
import type { AppContext } from '../../context';
import { editorProcedure, viewerProcedure, router } from '../init';

/** A workflow's rules follow its rights; the instance default is changed by admins only. */
async function assertScopeRight(ctx: AppContext, principal: Principal, scope: string, need: 'view' | 'edit'): Promise<void> {
  if (scope !== DEFAULT_SCOPE) return assertWorkflowRight(ctx, principal, scope, need);
  if (need === 'edit' && !seesEverything(principal)) {
    throw new AccessDeniedError(403, 'Only an admin can change the alerts every workflow gets; set alerts on your own workflow instead.');
  }
}

/** `*` is the instance default; anything else a workflow id. */
const scopeInput = z.object({ scope: z.string().min(1).max(100) });

export const alertsRouter = router({
  get: viewerProcedure.input(scopeInput).query(async ({ ctx, input }) => {
    await assertScopeRight(ctx, ctx.principal, input.scope, 'view');
    const own = await savedAlerts(ctx.sql, input.scope);
    const fallback = input.scope === DEFAULT_SCOPE ? BUILT_IN_DEFAULT : ((await savedAlerts(ctx.sql, DEFAULT_SCOPE)) ?? BUILT_IN_DEFAULT);
    return { own: own !== null, config: own ?? fallback };
  }),

  /** Workflows with rules of their own. */
  overrides: viewerProcedure.query(async ({ ctx }) =>
    filterToScope(await workflowScope(ctx, ctx.principal), await workflowsWithAlerts(ctx.sql), (w) => w.workflowId),
  ),

  save: editorProcedure.input(scopeInput.extend({ config: alertConfigSchema })).mutation(async ({ ctx, input }) => {
    await assertScopeRight(ctx, ctx.principal, input.scope, 'edit');
    await saveAlerts(ctx.sql, input.scope, input.config);
    return { saved: true };
  }),

  /** A workflow goes back to the instance default. */
  reset: editorProcedure.input(scopeInput).mutation(async ({ ctx, input }) => {
    await assertScopeRight(ctx, ctx.principal, input.scope, 'edit');
    await resetAlerts(ctx.sql, input.scope);
    return { reset: true };
  }),

  /** Sends a test alert through the channels of the config given (saved or not); each channel's result in words. */
  test: editorProcedure
    .input(z.object({ scope: z.string().min(1).max(100), config: alertConfigSchema }))
    .mutation(async ({ ctx, input }) => {
      await assertScopeRight(ctx, ctx.principal, input.scope, 'view');
      return sendTestAlert(ctx, input.scope, input.config);
    }),
});

/** "Track this value" and the Results page: tracked fields, their values over runs, CSV. */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { fieldWorkflowId, namedTrackedFields, seriesOf, track, untrack, workflowExists } from '../../services/results';
import { assertWorkflowRight, filterToScope, workflowScope } from '../../auth/access';
import type { Principal } from '../../auth/principal';
import type { AppContext } from '../../context';
import { editorProcedure, viewerProcedure, router } from '../init';

/** Throws unless the person has `need` on the tracked field's workflow (404 when the field is unknown). */
async function assertFieldRight(ctx: AppContext, principal: Principal, id: string, need: 'view' | 'edit'): Promise<void> {
  const workflowId = await fieldWorkflowId(ctx.sql, id);
  if (!workflowId) throw new TRPCError({ code: 'NOT_FOUND', message: 'That tracked value was removed. Reload the page.' });
  await assertWorkflowRight(ctx, principal, workflowId, need);
}

export const resultsRouter = router({
  /** Every tracked field, with its workflow's and step's names (the Results page's list). */
  list: viewerProcedure.input(z.object({ workflowId: z.string().optional() }).default({})).query(async ({ ctx, input }) => {
    const scope = await workflowScope(ctx, ctx.principal);
    return namedTrackedFields(ctx.sql, input.workflowId, (fields) => filterToScope(scope, fields, (f) => f.workflowId));
  }),

  track: editorProcedure
    .input(
      z.object({
        workflowId: z.string().min(1),
        nodeId: z.string().min(1),
        field: z.string().trim().min(1, 'Enter the field to track, like price or stats.count.').max(200),
        label: z.string().trim().max(100).default(''),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!(await workflowExists(ctx.sql, input.workflowId))) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'Save the workflow first: only saved workflows can track values.' });
      }
      await assertWorkflowRight(ctx, ctx.principal, input.workflowId, 'edit');
      return { id: await track(ctx.sql, input) };
    }),

  untrack: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await assertFieldRight(ctx, ctx.principal, input.id, 'edit');
    return { removed: await untrack(ctx.sql, input.id) };
  }),

  /** The newest values of one tracked field, oldest first, with min, max and last. */
  series: viewerProcedure
    .input(z.object({ id: z.string().min(1), limit: z.number().int().min(1).max(5000).default(500), since: z.coerce.date().optional() }))
    .query(async ({ ctx, input }) => {
      await assertFieldRight(ctx, ctx.principal, input.id, 'view');
      return seriesOf(ctx.sql, input.id, input.limit, input.since);
    }),
});

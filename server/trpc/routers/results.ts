/** "Track this value" and the Results page: tracked fields, their values over runs, CSV. */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { currentWorkflows } from '../../db/dashboard';
import { trackedFieldsOf, trackedSeries, trackField, untrackField } from '../../db/tracked';
import { editorProcedure, viewerProcedure, router } from '../init';

export const resultsRouter = router({
  /** Every tracked field, with its workflow's and step's names (the Results page's list). */
  list: viewerProcedure.input(z.object({ workflowId: z.string().optional() }).default({})).query(async ({ ctx, input }) => {
    const fields = await trackedFieldsOf(ctx.sql, input.workflowId);
    const workflows = new Map((await currentWorkflows(ctx.sql)).map((w) => [w.id, w]));
    return fields.map((f) => {
      const wf = workflows.get(f.workflowId);
      const step = wf?.document.nodes.find((n) => n.id === f.nodeId);
      return { ...f, workflowName: wf?.name ?? '', stepName: step?.name ?? '(a removed step)', shownAs: f.label || `${step?.name ?? 'Step'}: ${f.field}` };
    });
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
      const [exists] = await ctx.sql`select 1 from workflows where id = ${input.workflowId}`;
      if (!exists) throw new TRPCError({ code: 'NOT_FOUND', message: 'Save the workflow first: only saved workflows can track values.' });
      return { id: await trackField(ctx.sql, input) };
    }),

  untrack: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => ({ removed: await untrackField(ctx.sql, input.id) })),

  /** The newest values of one tracked field, oldest first, with min, max and last. */
  series: viewerProcedure
    .input(z.object({ id: z.string().min(1), limit: z.number().int().min(1).max(5000).default(500), since: z.coerce.date().optional() }))
    .query(async ({ ctx, input }) => {
      const points = await trackedSeries(ctx.sql, input.id, input.limit, input.since);
      const values = points.map((p) => p.value);
      return {
        points,
        min: values.length ? Math.min(...values) : null,
        max: values.length ? Math.max(...values) : null,
        last: values.at(-1) ?? null,
      };
    }),
});

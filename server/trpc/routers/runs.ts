import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { capItemsForAnswer } from '../../services/answer-cap';
import {
  BadCursorError,
  cancelRun,
  cancelRuns,
  deleteRuns,
  documentToRun,
  getOutputPage,
  listAllRuns,
  listRuns,
  listTriggerKinds,
  runFilterSchema,
  runWithLinks,
  type BulkResult,
} from '../../services/run-views';
import { workflowDocumentSchema } from '../../../core/document';
import { runEvents, watchKey } from '../../services/live';
import { retryRun, runFromNode, startDocumentRun, startWorkflowRun } from '../../services/runs';
import { assertRunRight, assertWorkflowRight, changeableWorkflows, inScope, runsWithRight, workflowScope } from '../../auth/access';
import type { Principal } from '../../auth/principal';
import type { AppContext } from '../../context';
import { editorProcedure, viewerProcedure, router } from '../init';

const runIdInput = z.object({ runId: z.string().min(1) });
/** Bulk actions of the runs page: at most one page's worth of runs at a time. */
const runIdsInput = z.object({ runIds: z.array(z.string().min(1)).min(1).max(200) });

/** Runs a bulk action on the runs the person may change; the others are reported as skipped. */
async function onAllowedRuns(
  ctx: AppContext,
  principal: Principal,
  runIds: string[],
  action: (ids: string[]) => Promise<BulkResult>,
): Promise<BulkResult> {
  const { allowed, refused } = await runsWithRight(ctx, principal, runIds);
  const result = allowed.length ? await action(allowed) : { done: 0, skipped: [] };
  return { done: result.done, skipped: [...refused, ...result.skipped] };
}

export const runsRouter = router({
  /** Runs a saved workflow, or a document straight from the editor (unsaved changes included). */
  start: editorProcedure
    .input(
      z.object({
        workflowId: z.string().min(1).optional(),
        document: workflowDocumentSchema.optional(),
        input: z.unknown().optional(),
        triggerNodeId: z.string().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const options = { input: input.input, triggerNodeId: input.triggerNodeId };
      if (input.workflowId) await assertWorkflowRight(ctx, ctx.principal, input.workflowId, 'edit');
      if (input.document) {
        const { document, workflowVersion } = await documentToRun(ctx, input.workflowId, input.document);
        return { runId: await startDocumentRun(ctx, document, { ...options, workflowId: input.workflowId ?? null, workflowVersion }) };
      }
      if (!input.workflowId) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Give a workflowId or a document to run.' });
      return { runId: await startWorkflowRun(ctx, input.workflowId, options) };
    }),

  get: viewerProcedure.input(runIdInput).query(async ({ ctx, input }) => {
    await assertRunRight(ctx, ctx.principal, input.runId, 'view');
    const run = await runWithLinks(ctx, input.runId);
    if (!run) throw new TRPCError({ code: 'NOT_FOUND', message: `There is no run with the id "${input.runId}".` });
    return run;
  }),

  list: viewerProcedure
    .input(z.object({ workflowId: z.string().min(1), limit: z.number().int().min(1).max(200).default(50), before: z.date().optional() }))
    .query(async ({ ctx, input }) => {
      await assertWorkflowRight(ctx, ctx.principal, input.workflowId, 'view');
      return listRuns(ctx.sql, input.workflowId, input.limit, input.before);
    }),

  /** The runs page: every workflow's runs, filtered and sorted, a page at a time. */
  search: viewerProcedure
    .input(runFilterSchema.extend({ limit: z.number().int().min(1).max(200).default(50), cursor: z.string().max(300).optional() }))
    .query(async ({ ctx, input }) => {
      const { limit, cursor, ...filter } = input;
      const [scope, changeable] = await Promise.all([workflowScope(ctx, ctx.principal), changeableWorkflows(ctx, ctx.principal)]);
      try {
        const page = await listAllRuns(ctx.sql, filter, limit, cursor, scope.all ? undefined : scope.ids);
        // Runs of workflows shared only to look at get no Run again / Stop / Delete in the page.
        const canChange = (workflowId: string | null) => changeable.all || (workflowId !== null && changeable.ids.has(workflowId));
        return { ...page, runs: page.runs.map((run) => ({ ...run, canChange: canChange(run.workflowId) })) };
      } catch (error) {
        if (error instanceof BadCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
        throw error;
      }
    }),

  /** Trigger kinds that have started runs: the runs page's filter choices. */
  triggerKinds: viewerProcedure.query(({ ctx }) => listTriggerKinds(ctx.sql)),

  cancelMany: editorProcedure
    .input(runIdsInput)
    .mutation(({ ctx, input }) => onAllowedRuns(ctx, ctx.principal, input.runIds, (ids) => cancelRuns(ctx.sql, ids))),

  deleteMany: editorProcedure
    .input(runIdsInput)
    .mutation(({ ctx, input }) => onAllowedRuns(ctx, ctx.principal, input.runIds, (ids) => deleteRuns(ctx.sql, ids))),

  /** Starts each run again with the same input and workflow version; one failure does not stop the rest. */
  retryMany: editorProcedure.input(runIdsInput).mutation(async ({ ctx, input }) => {
    const { allowed, refused } = await runsWithRight(ctx, ctx.principal, input.runIds);
    const result: BulkResult & { runIds: string[] } = { done: 0, skipped: [...refused], runIds: [] };
    for (const runId of allowed) {
      try {
        result.runIds.push(await retryRun(ctx, runId));
        result.done++;
      } catch (error) {
        result.skipped.push({ runId, reason: error instanceof Error ? error.message : 'It could not be started again.' });
      }
    }
    return result;
  }),

  cancel: editorProcedure.input(runIdInput).mutation(async ({ ctx, input }) => {
    await assertRunRight(ctx, ctx.principal, input.runId, 'edit');
    const status = await cancelRun(ctx.sql, input.runId);
    if (!status) throw new TRPCError({ code: 'NOT_FOUND', message: `There is no run with the id "${input.runId}".` });
    return { status };
  }),

  retry: editorProcedure.input(runIdInput).mutation(async ({ ctx, input }) => {
    await assertRunRight(ctx, ctx.principal, input.runId, 'edit');
    return { runId: await retryRun(ctx, input.runId) };
  }),

  /** "Run from here": the node and what follows it run again; the rest is reused from `runId`. */
  runFrom: editorProcedure
    .input(z.object({ runId: z.string().min(1), nodeId: z.string().min(1), document: workflowDocumentSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      await assertRunRight(ctx, ctx.principal, input.runId, 'edit');
      return { runId: await runFromNode(ctx, input.runId, input.nodeId, input.document) };
    }),

  /** A page of one node's output items: large outputs are never sent whole. */
  outputPage: viewerProcedure
    .input(
      z.object({
        runId: z.string().min(1),
        nodeId: z.string().min(1),
        handle: z.string().default('main'),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      }),
    )
    .query(async ({ ctx, input }) => {
      await assertRunRight(ctx, ctx.principal, input.runId, 'view');
      const page = await getOutputPage(ctx.sql, input.runId, input.nodeId, input.handle, input.offset, input.limit);
      if (!page) throw new TRPCError({ code: 'NOT_FOUND', message: 'That step has no result in this run.' });
      const { items, capped } = capItemsForAnswer(page.items, `taskmaster run-output ${input.runId} ${input.nodeId}`);
      return { ...page, items, capped };
    }),

  /** Run starts and ends of every workflow (no step events): pages that list runs refresh on them. */
  changes: viewerProcedure.subscription(async function* ({ ctx, signal }) {
    const scope = await workflowScope(ctx, ctx.principal);
    yield* runEvents(ctx.sql, (e) => e.type === 'run' && inScope(scope, e.workflowId), signal, [watchKey.allRuns]);
  }),

  /** Live events of one run, or of every run of a workflow. */
  events: viewerProcedure
    .input(z.object({ runId: z.string().optional(), workflowId: z.string().optional() }))
    .subscription(async function* ({ ctx, input, signal }) {
      if (input.runId) await assertRunRight(ctx, ctx.principal, input.runId, 'view');
      if (input.workflowId) await assertWorkflowRight(ctx, ctx.principal, input.workflowId, 'view');
      // Without either, every run's events: only those of workflows the person reaches.
      const scope = input.runId || input.workflowId ? { all: true as const } : await workflowScope(ctx, ctx.principal);
      yield* runEvents(
        ctx.sql,
        (e) =>
          e.type !== 'notification' &&
          (e.type === 'run' ? inScope(scope, e.workflowId) : scope.all) &&
          (input.runId ? e.runId === input.runId : input.workflowId ? e.type === 'run' && e.workflowId === input.workflowId : true),
        signal,
        [input.runId ? watchKey.run(input.runId) : input.workflowId ? watchKey.workflow(input.workflowId) : watchKey.all],
      );
    }),
});

import { maskTypedSecrets } from '../../../core/step-secrets';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  callInputsOf,
  createFromDocument,
  deleteAudited,
  duplicate,
  rename,
  saveDocument,
  recordActivation,
  workflowById,
  workflowsList,
  workflowVersions,
} from '../../services/workflows';
import { isTimeZoneName, workflowDocumentSchema } from '../../../core/document';
import { instanceZone } from '../../config-zone';
import { validateDocument } from '../../../core/validate';
import { exportWorkflowFile, importWorkflowFile } from '../../services/workflow-transfer';
import { setWorkflowActiveChecked } from '../../triggers/activation';
import { schedulePreview, triggerInfo } from '../../triggers/info';
import { listenForTestRequest } from '../../triggers/webhook-test';
import { assertWorkflowRight, filterToScope, workflowRight, workflowScope } from '../../auth/access';
import { configuredPublicUrl } from '../../settings/public-address';
import { editorProcedure, viewerProcedure, router } from '../init';
import { workflowHistoryProcedures, workflowN8nProcedures, workflowShareProcedures } from './workflow-history';
import { workflowSharingProcedures } from './workflow-sharing';
import { openUpgraded } from '../../services/workflow-open';

const idInput = z.object({ id: z.string().min(1) });

function notFound(id: string): never {
  throw new TRPCError({ code: 'NOT_FOUND', message: `There is no workflow with the id "${id}".` });
}

export const workflowsRouter = router({
  /** The workflows the person reaches (server/auth/access.ts), each with whether they may change it. */
  list: viewerProcedure.query(async ({ ctx }) => {
    const scope = await workflowScope(ctx, ctx.principal);
    const all = filterToScope(scope, await workflowsList(ctx.db), (w) => w.id);
    if (scope.all) return all.map((w) => ({ ...w, canEdit: true }));
    const rights = await Promise.all(all.map((w) => workflowRight(ctx, ctx.principal, w.id)));
    return all.map((w, i) => ({ ...w, canEdit: rights[i] === 'edit' }));
  }),

  // Version history, share links and n8n import: see ./workflow-history.ts.
  ...workflowHistoryProcedures,
  ...workflowShareProcedures,
  ...workflowN8nProcedures,
  ...workflowSharingProcedures,

  get: viewerProcedure
    .input(z.object({ id: z.string().min(1), version: z.number().int().positive().optional() }))
    .query(async ({ ctx, input }) => {
      const right = await workflowRight(ctx, ctx.principal, input.id);
      const wf = right ? await workflowById(ctx.db, input.id, input.version) : null;
      if (!wf) notFound(input.id);
      // Opening the current version as someone who may edit it saves any step upgrades (history shows them).
      const opened = await openUpgraded(ctx, wf, input.version === undefined && right === 'edit');
      // Secrets typed into steps never leave: the editor sends the marker back to keep them.
      return { ...opened, document: maskTypedSecrets(opened.document, ctx.lookup), canEdit: right === 'edit' };
    }),

  /** Creates from a document, or an empty workflow with just a name. */
  create: editorProcedure
    .input(z.object({ name: z.string().min(1).max(200).optional(), document: workflowDocumentSchema.optional() }))
    .mutation(({ ctx, input }) => createFromDocument(ctx, input)),

  /** Every save is a new version. Incomplete graphs may be saved: problems come back as data. */
  save: editorProcedure
    .input(z.object({ id: z.string().min(1), document: workflowDocumentSchema, expectedVersion: z.number().int().optional() }))
    .mutation(async ({ ctx, input }) => {
      await assertWorkflowRight(ctx, ctx.principal, input.id, 'edit');
      const result = await saveDocument(ctx, input);
      if (result.status === 'missing') notFound(input.id);
      if (result.status === 'conflict') {
        throw new TRPCError({
          code: 'CONFLICT',
          message: `This workflow was saved elsewhere (version ${result.currentVersion}) since you opened it. Reload to see those changes.`,
        });
      }
      return { version: result.version, problems: result.problems };
    }),

  delete: editorProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'edit');
    if (!(await deleteAudited(ctx, input.id))) notFound(input.id);
    return { deleted: true };
  }),

  duplicate: editorProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    const right = await workflowRight(ctx, ctx.principal, input.id);
    const id = right ? await duplicate(ctx, input.id, right) : null;
    if (!id) notFound(input.id);
    return { id };
  }),

  rename: editorProcedure
    .input(z.object({ id: z.string().min(1), name: z.string().trim().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      await assertWorkflowRight(ctx, ctx.principal, input.id, 'edit');
      const version = await rename(ctx.db, input.id, input.name);
      if (version === null) notFound(input.id);
      return { version };
    }),

  setActive: editorProcedure.input(z.object({ id: z.string().min(1), active: z.boolean() })).mutation(async ({ ctx, input }) => {
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'edit');
    // Turning on checks the graph and webhook addresses; problems come back on the nodes.
    if (!(await setWorkflowActiveChecked(ctx, input.id, input.active))) notFound(input.id);
    await recordActivation(ctx, input.id, input.active);
    return { active: input.active };
  }),

  /**
   * What a called workflow expects (its "Called by another workflow" step's fields): the caller's
   * Run another workflow step lists them. null when it has no such step.
   */
  callInputs: viewerProcedure.input(idInput).query(async ({ ctx, input }) => {
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'view');
    const found = await callInputsOf(ctx, input.id);
    if (!found) notFound(input.id);
    return found;
  }),

  /** Webhook addresses (relative to the server) and next schedule times of the saved version. */
  triggerInfo: viewerProcedure.input(idInput).query(async ({ ctx, input }) => {
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'view');
    return { ...(await triggerInfo(ctx, input.id)), publicUrl: await configuredPublicUrl(ctx.sql, ctx.publicUrl) };
  }),

  /** The next fire times of a schedule node's settings as typed in the form, saved or not. */
  schedulePreview: viewerProcedure
    .input(z.object({ config: z.unknown(), count: z.number().int().min(1).max(50).default(5), timezone: z.string().max(64).optional() }))
    // `timezone`: the workflow's, as set in the editor (saved or not); else the instance's.
    .query(({ input }) =>
      schedulePreview(
        input.config,
        input.count,
        new Date(),
        input.timezone && isTimeZoneName(input.timezone) ? input.timezone : instanceZone(),
      ),
    ),

  /** Waits up to 2 minutes for one request to the webhook node's test address and returns it. */
  listenWebhookTest: editorProcedure
    .input(z.object({ workflowId: z.string().min(1), nodeId: z.string().min(1) }))
    .mutation(async ({ ctx, input, signal }) => {
      await assertWorkflowRight(ctx, ctx.principal, input.workflowId, 'edit');
      return listenForTestRequest(ctx, input.workflowId, input.nodeId, { signal });
    }),

  versions: viewerProcedure.input(idInput).query(async ({ ctx, input }) => {
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'view');
    return workflowVersions(ctx.db, input.id);
  }),

  /** Checks any value as a document; never throws for a bad document. */
  validate: viewerProcedure.input(z.object({ document: z.unknown() })).query(({ ctx, input }) => {
    const result = validateDocument(input.document, ctx.lookup);
    return { ok: result.ok, problems: result.problems };
  }),

  /**
   * The same check as `validate`, sent as a POST: the editor checks the document it is editing
   * after each change (so problem marks follow the edits), and a large document does not fit in
   * a query's URL.
   */
  check: editorProcedure.input(z.object({ document: z.unknown() })).mutation(({ ctx, input }) => {
    const result = validateDocument(input.document, ctx.lookup);
    return { ok: result.ok, problems: result.problems };
  }),

  /**
   * Imports JSON or YAML text. A file with problems is not imported; they come back with line
   * numbers. Saved credentials the file names are matched by `credentialMap` (placeholder key →
   * credential id), else by type and name; the rest come back as `missing-credential` problems
   * of an imported workflow.
   */
  import: editorProcedure
    .input(
      z.object({
        text: z.string().max(50_000_000),
        allowProblems: z.boolean().default(false),
        credentialMap: z.record(z.string(), z.string()).default({}),
        /** Browser profile name in the file → profile id here; by default the profile of the same name. */
        profileMap: z.record(z.string(), z.string()).default({}),
      }),
    )
    .mutation(({ ctx, input }) => importWorkflowFile(ctx, ctx.principal, input)),

  export: viewerProcedure
    .input(z.object({ id: z.string().min(1), format: z.enum(['json', 'yaml']).default('json') }))
    .query(async ({ ctx, input }) => {
      await assertWorkflowRight(ctx, ctx.principal, input.id, 'view');
      return exportWorkflowFile(ctx, input.id, input.format);
    }),
});

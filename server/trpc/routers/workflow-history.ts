/**
 * Workflow procedures for version history, share links and n8n import. Spread into the
 * workflows router (`workflows.history`, `workflows.share`…), kept here so each stays small.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { shareLinkOf, turnOffShareLinks, turnOnShareLink } from '../../services/share-links';
import { createImported, workflowById } from '../../services/workflows';
import { validateGraph } from '../../../core/validate';
import { compareVersions, restoreVersion, workflowHistory } from '../../services/history';
import { convertN8nWorkflow, N8nImportError } from '../../services/n8n-import';
import { NotFoundError } from '../../errors';
import { assertWorkflowRight } from '../../auth/access';
import { configuredPublicUrl } from '../../settings/public-address';
import { FEATURE_OFF_TEXT } from '../../../core/features';
import { readSettings } from '../../settings/service';
import { editorProcedure, viewerProcedure, type TrpcContext } from '../init';

const version = z.number().int().positive();

async function mustExist(db: TrpcContext['db'], id: string): Promise<void> {
  if (!(await workflowById(db, id))) throw new NotFoundError(`There is no workflow with the id "${id}".`);
}

export const workflowHistoryProcedures = {
  /** Versions, newest first, each with a one-line summary of what it changed. */
  history: viewerProcedure
    .input(z.object({ id: z.string().min(1), limit: z.number().int().min(1).max(500).default(100) }))
    .query(async ({ ctx, input }) => {
      await assertWorkflowRight(ctx, ctx.principal, input.id, 'view');
      return workflowHistory(ctx.db, input.id, input.limit);
    }),

  /** A version and what changed in it (against the version before it, or `against`). */
  compare: viewerProcedure
    .input(z.object({ id: z.string().min(1), version, against: version.optional() }))
    .query(async ({ ctx, input }) => {
      await assertWorkflowRight(ctx, ctx.principal, input.id, 'view');
      return compareVersions(ctx.db, ctx.lookup, input.id, input.version, input.against);
    }),

  /** Saves an old version's document again as the newest version; nothing is overwritten. */
  restore: editorProcedure.input(z.object({ id: z.string().min(1), version })).mutation(async ({ ctx, input }) => {
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'edit');
    const newVersion = await restoreVersion(ctx.db, input.id, input.version);
    const wf = await workflowById(ctx.db, input.id, newVersion);
    return { version: newVersion, problems: wf ? validateGraph(wf.document, ctx.lookup) : [] };
  }),
};

/** A share link as the API hands it out: `url` is relative; `publicUrl` (when configured) is the address it starts with. */
async function shareLinkView(ctx: TrpcContext, link: { token: string; createdAt: Date }) {
  return {
    token: link.token,
    url: `/share/${link.token}`,
    publicUrl: await configuredPublicUrl(ctx.sql, ctx.publicUrl),
    createdAt: link.createdAt,
  };
}

export const workflowShareProcedures = {
  /** Turns on a read-only link (or returns the one that is on): `/share/<token>`. */
  share: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await mustExist(ctx.db, input.id);
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'edit');
    if (!(await readSettings(ctx.sql)).settings.shareLinksEnabled)
      throw new TRPCError({ code: 'FORBIDDEN', message: FEATURE_OFF_TEXT.shareLinksEnabled });
    return shareLinkView(ctx, await turnOnShareLink(ctx, input.id));
  }),

  /** Turns the workflow's link off; the address then answers "This link was turned off". */
  revokeShare: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await mustExist(ctx.db, input.id);
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'edit');
    return { revoked: await turnOffShareLinks(ctx, input.id) };
  }),

  /** The link that is on, if any. */
  shareStatus: viewerProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => {
    await assertWorkflowRight(ctx, ctx.principal, input.id, 'view');
    const link = await shareLinkOf(ctx.db, input.id);
    return link ? shareLinkView(ctx, link) : null;
  }),
};

export const workflowN8nProcedures = {
  /**
   * Imports an n8n workflow export as a new workflow. What could not be converted is in the
   * report; the workflow is saved anyway (its graph problems come back too) to finish in the editor.
   */
  importN8n: editorProcedure.input(z.object({ text: z.string().max(50_000_000) })).mutation(async ({ ctx, input }) => {
    let converted;
    try {
      converted = convertN8nWorkflow(input.text);
    } catch (error) {
      if (error instanceof N8nImportError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
      throw error;
    }
    const wf = await createImported(ctx, converted.document);
    return { id: wf.id, report: converted.report, problems: validateGraph(converted.document, ctx.lookup) };
  }),
};

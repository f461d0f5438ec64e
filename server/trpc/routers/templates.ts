import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { askedCredentials } from '../../services/credential-placeholders';
import { NotFoundError } from '../../errors';
import { removeTemplate, saveAsTemplate, templateById, templatesList, useTemplate } from '../../services/templates';
import { assertWorkflowRight } from '../../auth/access';
import { editorProcedure, viewerProcedure, router } from '../init';

const idInput = z.object({ id: z.string().min(1) });

export const templatesRouter = router({
  /**
   * Every template with its document (the gallery draws a preview of each) and the saved
   * credentials it asks for when used.
   */
  list: viewerProcedure.query(async ({ ctx }) =>
    (await templatesList(ctx.db)).map((t) => ({ ...t, credentials: askedCredentials(t.document) })),
  ),

  get: viewerProcedure.input(idInput).query(async ({ ctx, input }) => {
    const template = await templateById(ctx.db, input.id);
    if (!template) throw new NotFoundError(`There is no template with the id "${input.id}".`);
    return template;
  }),

  /**
   * Creates a workflow from the template (copying its sample files into the data folder).
   * `credentials`: the saved credential chosen for each one it asks for (placeholder key → id).
   */
  use: editorProcedure
    .input(idInput.extend({ credentials: z.record(z.string(), z.string()).default({}) }))
    .mutation(({ ctx, input }) =>
      useTemplate(ctx, input.id, { credentials: input.credentials, ownerId: ctx.principal.userId, principal: ctx.principal }),
    ),

  /** Saves a workflow as a template, without pinned data, credentials or typed-in secrets. */
  saveAs: editorProcedure
    .input(
      z.object({
        workflowId: z.string().min(1),
        name: z.string().trim().min(1, 'Give the template a name.').max(200),
        description: z.string().trim().max(2000).default(''),
        category: z.string().trim().min(1, 'Choose a category.').max(40).default('My templates'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertWorkflowRight(ctx, ctx.principal, input.workflowId, 'view');
      return saveAsTemplate(ctx, input);
    }),

  /** Deletes a saved template; built-in ones can't be deleted. */
  delete: editorProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    const result = await removeTemplate(ctx.db, input.id);
    if (result === 'missing') throw new NotFoundError(`There is no template with the id "${input.id}".`);
    if (result === 'built-in') throw new TRPCError({ code: 'BAD_REQUEST', message: "Built-in templates can't be deleted." });
    return { deleted: true };
  }),
});

/** The public side of share links: read a shared workflow, copy it. No session needed. */
import { z } from 'zod';
import { copySharedWorkflow, sharedWorkflowOrThrow } from '../../services/share';
import { editorProcedure, openProcedure, router } from '../init';

const tokenInput = z.object({ token: z.string().min(1).max(200) });

export const shareRouter = router({
  /** NOT_FOUND (404) once the link is turned off, with a message saying so. */
  get: openProcedure.input(tokenInput).query(({ ctx, input }) => sharedWorkflowOrThrow(ctx, input.token)),

  /** "Copy to my workflows". */
  copy: editorProcedure.input(tokenInput).mutation(({ ctx, input }) => copySharedWorkflow(ctx, input.token, ctx.principal.userId)),
});

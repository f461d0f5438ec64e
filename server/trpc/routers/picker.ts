/**
 * "Pick on page" and "Record" in a Browser step's selector field (server/browser/picker.ts).
 * Editors only: the page runs with a browser profile's logins.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { BrowserUnavailableError } from '../../browser/chromium-path';
import { ProfileBusyError } from '../../browser/profile-lock';
import { closePicker, pickerClick, pickerFrame, pickerHover, pickerPick, pickerType, PickerError, startPicker } from '../../browser/picker';
import { assertProfileRight } from '../../auth/profile-access';
import { editorProcedure, middleware, router } from '../init';

const mapErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ProfileBusyError) throw new TRPCError({ code: 'CONFLICT', message: cause.message, cause });
    if (cause instanceof BrowserUnavailableError) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: cause.message, cause });
    if (cause instanceof PickerError) throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  }
  return result;
});

const procedure = editorProcedure.use(mapErrors);
const session = z.object({ sessionId: z.string().uuid('This page is closed. Close the dialog and pick again.') });
const point = session.extend({ x: z.number().min(0).max(10_000), y: z.number().min(0).max(10_000) });
const step = z.object({ type: z.string().max(100), config: z.record(z.string(), z.unknown()) });

export const pickerRouter = router({
  /** `steps`: the "Browser: open page" step, then the Browser steps up to the one being edited. */
  start: procedure
    .input(z.object({ steps: z.array(step).min(1, 'Picking needs a "Browser: open page" step before this one.').max(100) }))
    .mutation(async ({ ctx, input }) => {
      // The page opens with the step's browser profile (its logins): only for someone who may use it.
      for (const s of input.steps) {
        const profileId = s.type === 'browser-open' && typeof s.config.profileId === 'string' ? s.config.profileId.trim() : '';
        if (profileId) await assertProfileRight(ctx, ctx.principal, profileId, 'use');
      }
      return startPicker(ctx, ctx.principal.userId, input.steps);
    }),
  frame: procedure.input(session).mutation(({ ctx, input }) => pickerFrame(input.sessionId, ctx.principal.userId)),
  hover: procedure.input(point).mutation(({ ctx, input }) => pickerHover(input.sessionId, ctx.principal.userId, input.x, input.y)),
  pick: procedure.input(point).mutation(({ ctx, input }) => pickerPick(input.sessionId, ctx.principal.userId, input.x, input.y)),
  click: procedure.input(point).mutation(({ ctx, input }) => pickerClick(input.sessionId, ctx.principal.userId, input.x, input.y)),
  type: procedure
    .input(session.extend({ selector: z.string().min(1).max(2_000), text: z.string().max(100_000) }))
    .mutation(async ({ ctx, input }) => {
      await pickerType(input.sessionId, ctx.principal.userId, input.selector, input.text);
      return { typed: true };
    }),
  close: procedure.input(session).mutation(async ({ ctx, input }) => {
    await closePicker(input.sessionId, ctx.principal.userId);
    return { closed: true };
  }),
});

/**
 * The one initTRPC of the app. Errors the user can act on carry their problems as data, so the
 * canvas can place them on nodes; anything unexpected becomes a 500 without internals.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Problem } from '../engine/document';
import { InvalidWorkflowError, NotFoundError } from '../services/runs';
import type { AppContext } from '../services/context';

export type TrpcContext = AppContext;

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const problems: Problem[] | null = cause instanceof InvalidWorkflowError ? cause.problems : null;
    // Input that fails its schema: say which field and what is wrong, not a JSON dump of issues.
    const message =
      cause instanceof z.ZodError
        ? cause.issues.map((i) => `${i.path.length ? `"${i.path.join('.')}": ` : ''}${i.message}`).join('; ')
        : shape.message;
    return { ...shape, message, data: { ...shape.data, stack: undefined, problems } };
  },
});

/** Maps the services' errors to HTTP-like codes (4xx for the user's mistakes). */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof InvalidWorkflowError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
    if (cause instanceof NotFoundError) {
      throw new TRPCError({ code: 'NOT_FOUND', message: cause.message, cause });
    }
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapErrors);
export const createCallerFactory = t.createCallerFactory;

/**
 * The one initTRPC of the app. Errors the user can act on carry their problems as data, so the
 * canvas can place them on nodes; anything unexpected becomes a 500 without internals.
 *
 * Every procedure is built from one of the guarded builders below; there is no unguarded
 * `publicProcedure` (docs/auth.md). tests/integration/auth-guards.test.ts walks the whole router:
 * a procedure that answers without a session (and is not in its short allow-list), or a mutation
 * a viewer may call, fails it.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Problem } from '../../core/document';
import { InvalidWorkflowError, NotFoundError } from '../errors';
import type { AppContext } from '../context';
import { errorIdOf, internalErrorMessage } from '../observability/error-id';
import type { Principal } from '../auth/principal';
import { hasRole, type Role } from '../../core/roles';
import { describeTextFault, findTextProblems } from '../../core/text-check';
import { documentTextProblems } from '../../core/validate';
import { AccessDeniedError } from '../auth/access';

/** A request's context: the app's handles and who is asking (null: nobody signed in). */
export interface TrpcContext extends AppContext {
  principal: Principal | null;
  /** TASKMASTER_PUBLIC_URL: the base of links the API hands out (invites, shares). */
  publicUrl?: string;
  /** The address the request came to (`http://host:port`), when there is no public URL. */
  requestOrigin?: string;
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const problems: Problem[] | null = cause instanceof InvalidWorkflowError ? cause.problems : null;
    // Input that fails its schema: say which field and what is wrong, not a JSON dump of issues.
    const message =
      cause instanceof z.ZodError
        ? cause.issues.map((i) => `${i.path.length ? `"${i.path.join('.')}": ` : ''}${i.message}`).join('; ')
        : error.code === 'INTERNAL_SERVER_ERROR'
          ? internalErrorMessage(errorIdOf(error))
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
    if (cause instanceof AccessDeniedError) {
      throw new TRPCError({ code: cause.status === 404 ? 'NOT_FOUND' : 'FORBIDDEN', message: cause.message, cause });
    }
  }
  return result;
});

/** Signed in (any role), or 401. The principal is non-null after it. */
const signedIn = t.middleware(({ ctx, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to do this.' });
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});

const atLeast = (role: Role) =>
  t.middleware(({ ctx, next }) => {
    const principal = ctx.principal;
    if (!principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to do this.' });
    if (!hasRole(principal.role, role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `Your role (${principal.role}) can't do this; ask an admin for ${role} rights.` });
    }
    return next({ ctx: { ...ctx, principal } });
  });

/**
 * Text Postgres can't store (a NUL, half of an emoji) or nesting deeper than any real input is
 * refused where it enters, for every procedure: it used to reach the database and come back as
 * a 500. A document's problems are placed on its steps; any other field is named by its path.
 */
const refuseUnstorableText = t.middleware(async ({ getRawInput, next }) => {
  const input = await getRawInput();
  const document = typeof input === 'object' && input !== null && 'document' in input ? input.document : undefined;
  const documentProblems = document === undefined ? [] : documentTextProblems(document);
  if (documentProblems.length) {
    const cause = new InvalidWorkflowError(documentProblems);
    throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  }
  const [problem] = findTextProblems(input, 1);
  if (problem) {
    const where = problem.path.length ? `The field "${problem.path.join('.')}"` : 'The input';
    throw new TRPCError({ code: 'BAD_REQUEST', message: `${where} ${describeTextFault(problem.fault)}` });
  }
  return next();
});

const base = t.procedure.use(mapErrors).use(refuseUnstorableText);

export const router = t.router;
export const middleware = t.middleware;
/**
 * No session needed. Only for the short allow-list in tests/integration/auth-guards.test.ts
 * (health-like status, the public share page): adding one there is a reviewed decision.
 */
export const openProcedure = base;
/** Any signed-in person (viewer and up): reads. Never for mutations (the guard test checks). */
export const viewerProcedure = base.use(signedIn);
/** Editors and up: creating and changing workflows, running them, using credentials. */
export const editorProcedure = base.use(atLeast('editor'));
/** Owner and admins: users, settings, plugins. */
export const adminProcedure = base.use(atLeast('admin'));
export const createCallerFactory = t.createCallerFactory;

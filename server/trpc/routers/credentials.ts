/**
 * Saved credentials. Secrets only ever come in: every answer carries `{ set }` markers in their
 * place (tests/integration/credentials-api.test.ts checks no answer holds a secret's bytes).
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { credentialTypeCatalog } from '../../../nodes/credentials';
import { CredentialUnreadableError } from '../../credentials/sealed-values';
import {
  CredentialInputError,
  CredentialInUseError,
  getCredentialForEdit,
  listCredentials,
  testCredential,
} from '../../credentials/service';
import { createOwnedCredential, deleteAuditedCredential, updateAuditedCredential } from '../../services/credentials';
import { credentialUsers } from '../../credentials/usage';
import { outboundConnector } from '../../settings/service';
import { assertCredentialRight, credentialScope, filterToScope, managedCredentials, workflowScope } from '../../auth/access';
import { editorProcedure, viewerProcedure, middleware, router } from '../init';
import { credentialSharingProcedures } from './credential-sharing';

/** The user's mistakes and unreadable records become 4xx answers with their plain message. */
const mapErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof CredentialInUseError) throw new TRPCError({ code: 'CONFLICT', message: cause.message, cause });
    if (cause instanceof CredentialInputError) throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    if (cause instanceof CredentialUnreadableError) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: cause.message, cause });
  }
  return result;
});

const idInput = z.object({ id: z.string().min(1) });
const valuesInput = z.record(z.string(), z.unknown());

export const credentialsRouter = router({
  /** Every credential type: its form (JSON Schema with UI hints), which fields are secret, whether it can be tested. */
  types: viewerProcedure.use(mapErrors).query(() => credentialTypeCatalog()),

  /** Name, type and which secrets are set: never a value. Only those the person may use (server/auth/access.ts). */
  list: viewerProcedure.use(mapErrors).query(async ({ ctx }) => {
    const [scope, managed] = await Promise.all([credentialScope(ctx, ctx.principal), managedCredentials(ctx, ctx.principal)]);
    const all = await listCredentials(ctx);
    // canManage: the page offers Edit, Delete and "Who may use it" only where the server allows them.
    return (scope.all ? all : all.filter((c) => scope.ids.has(c.id))).map((c) => ({
      ...c,
      canManage: managed.all || managed.ids.has(c.id),
    }));
  }),

  /** For the edit form: non-secret values, and `{ set }` for each secret. */
  get: viewerProcedure
    .use(mapErrors)
    .input(idInput)
    .query(async ({ ctx, input }) => {
      await assertCredentialRight(ctx, ctx.principal, input.id, 'use');
      return getCredentialForEdit(ctx, input.id);
    }),

  create: editorProcedure
    .use(mapErrors)
    .input(z.object({ name: z.string(), type: z.string().min(1), values: valuesInput }))
    .mutation(({ ctx, input }) => createOwnedCredential(ctx, input)),

  /** A secret left empty (or undefined) keeps its saved value; `clear` empties the named secrets. */
  update: editorProcedure
    .use(mapErrors)
    .input(z.object({ id: z.string().min(1), name: z.string().optional(), values: valuesInput, clear: z.array(z.string()).optional() }))
    .mutation(async ({ ctx, input }) => {
      await assertCredentialRight(ctx, ctx.principal, input.id, 'manage');
      return updateAuditedCredential(ctx, input);
    }),

  /** Workflows (and their steps) that use the credential. */
  usage: viewerProcedure
    .use(mapErrors)
    .input(idInput)
    .query(async ({ ctx, input }) => {
      await assertCredentialRight(ctx, ctx.principal, input.id, 'use');
      return filterToScope(await workflowScope(ctx, ctx.principal), await credentialUsers(ctx.sql, ctx.lookup, input.id), (w) => w.id);
    }),

  /** Refused with a message naming the workflows that use it, unless `force`. */
  delete: editorProcedure
    .use(mapErrors)
    .input(z.object({ id: z.string().min(1), force: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      await assertCredentialRight(ctx, ctx.principal, input.id, 'manage');
      return deleteAuditedCredential(ctx, input.id, input.force);
    }),

  /** Checks the saved values work (signs in, fetches a token); the answer is in plain words. */
  test: editorProcedure
    .use(mapErrors)
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      await assertCredentialRight(ctx, ctx.principal, input.id, 'use');
      return testCredential({ ...ctx, network: await outboundConnector(ctx.sql) }, input.id);
    }),

  ...credentialSharingProcedures,
});

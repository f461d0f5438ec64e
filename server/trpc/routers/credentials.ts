/**
 * Saved credentials. Secrets only ever come in: every answer carries `{ set }` markers in their
 * place (tests/integration/credentials-api.test.ts checks no answer holds a secret's bytes).
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { credentialTypeCatalog } from '../../../nodes/credentials';
import { CredentialUnreadableError } from '../../credentials/sealed-values';
import {
  createCredential,
  CredentialInputError,
  CredentialInUseError,
  deleteCredential,
  getCredentialForEdit,
  listCredentials,
  testCredential,
  updateCredential,
} from '../../credentials/service';
import { credentialUsers } from '../../credentials/usage';
import { outboundConnector } from '../../settings/service';
import { editorProcedure, viewerProcedure, middleware, router } from '../init';

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

  /** Name, type and which secrets are set: never a value. */
  list: viewerProcedure.use(mapErrors).query(({ ctx }) => listCredentials(ctx)),

  /** For the edit form: non-secret values, and `{ set }` for each secret. */
  get: viewerProcedure.use(mapErrors).input(idInput).query(({ ctx, input }) => getCredentialForEdit(ctx, input.id)),

  create: editorProcedure.use(mapErrors)
    .input(z.object({ name: z.string(), type: z.string().min(1), values: valuesInput }))
    .mutation(({ ctx, input }) => createCredential(ctx, input)),

  /** A secret left empty (or undefined) keeps its saved value; `clear` empties the named secrets. */
  update: editorProcedure.use(mapErrors)
    .input(z.object({ id: z.string().min(1), name: z.string().optional(), values: valuesInput, clear: z.array(z.string()).optional() }))
    .mutation(({ ctx, input }) => updateCredential(ctx, input)),

  /** Workflows (and their steps) that use the credential. */
  usage: viewerProcedure.use(mapErrors).input(idInput).query(({ ctx, input }) => credentialUsers(ctx.sql, ctx.lookup, input.id)),

  /** Refused with a message naming the workflows that use it, unless `force`. */
  delete: editorProcedure.use(mapErrors)
    .input(z.object({ id: z.string().min(1), force: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => deleteCredential(ctx, input.id, input.force)),

  /** Checks the saved values work (signs in, fetches a token); the answer is in plain words. */
  test: editorProcedure
    .use(mapErrors)
    .input(idInput)
    .mutation(async ({ ctx, input }) => testCredential({ ...ctx, network: await outboundConnector(ctx.sql) }, input.id)),
});

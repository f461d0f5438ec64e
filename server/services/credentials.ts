/**
 * Saved credentials as the routers change them: the asker becomes a new credential's owner, and
 * every change is audited (which fields changed, never their values).
 */
import type { Principal } from '../auth/principal';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { createCredential, deleteCredential, updateCredential } from '../credentials/service';
import { getCredentialRow } from '../db/credentials';
import { setCredentialOwner } from '../db/sharing';

/** The asker is the new credential's owner and the audit entry's actor. */
type Asker = AppContext & { principal: Principal };

export async function createOwnedCredential(ctx: Asker, input: { name: string; type: string; values: Record<string, unknown> }) {
  const result = await createCredential(ctx, input);
  if (result.saved) {
    await setCredentialOwner(ctx.sql, result.id, ctx.principal.userId);
    await recordAudit(ctx, {
      action: 'credential.create',
      target: { type: 'credential', id: result.id, name: input.name.trim() },
      details: { type: input.type },
    });
  }
  return result;
}

export async function updateAuditedCredential(
  ctx: Asker,
  input: { id: string; name?: string; values: Record<string, unknown>; clear?: string[] },
) {
  const result = await updateCredential(ctx, input);
  if (result.saved) {
    const row = await getCredentialRow(ctx.sql, input.id);
    // Which fields changed, never their values.
    const changed = [
      ...Object.keys(input.values).filter((k) => input.values[k] !== undefined && input.values[k] !== ''),
      ...(input.clear ?? []),
    ];
    await recordAudit(ctx, {
      action: 'credential.update',
      target: { type: 'credential', id: input.id, name: row?.name },
      details: { fields: changed },
    });
  }
  return result;
}

/** Refused with a message naming the workflows that use it, unless `force`. */
export async function deleteAuditedCredential(ctx: Asker, id: string, force: boolean) {
  const row = await getCredentialRow(ctx.sql, id);
  const result = await deleteCredential(ctx, id, force);
  await recordAudit(ctx, { action: 'credential.delete', target: { type: 'credential', id, name: row?.name } });
  return result;
}

/** The worker's credential source: rows from the database, opened with the key store. */
import type { Sql } from 'postgres';
import { hasRole, isRole } from '../../core/roles';
import { insertAudit } from '../db/audit';
import { getCredentialRow } from '../db/credentials';
import { credentialAccessRow, runOwner } from '../db/sharing';
import type { CredentialSource } from './grant';
import type { KeyStore } from './keys';
import { openRow } from './sealed-values';

export function databaseCredentialSource(sql: Sql, keys: KeyStore): CredentialSource {
  return {
    async load(id) {
      const row = await getCredentialRow(sql, id);
      if (!row) return null;
      return { type: row.type, name: row.name, values: await openRow(keys, row) };
    },
  };
}

/**
 * The source of one run: a credential is opened only if the run's workflow owner may use it
 * (they own it, are allowed to use it, or are an owner/admin; a workflow without an owner is
 * the instance's and may use every credential). Each credential a run opens is written to the
 * audit log once (`credential.use`).
 */
export function runCredentialSource(sql: Sql, keys: KeyStore, runId: string): CredentialSource {
  const plain = databaseCredentialSource(sql, keys);
  let whose: ReturnType<typeof runOwner> | null = null;
  const logged = new Set<string>();
  return {
    async load(id) {
      const row = await getCredentialRow(sql, id);
      if (!row) return null;
      const run = await (whose ??= runOwner(sql, runId));
      const owner = run.owner;
      if (owner && !(isRole(owner.role) && hasRole(owner.role, 'admin'))) {
        const access = await credentialAccessRow(sql, id, owner.id);
        if (!access || (access.ownerId !== owner.id && !access.granted)) {
          throw new Error(
            `The workflow's owner (${owner.name}) may not use the saved credential "${row.name}". Ask the credential's owner to allow them on the Credentials page, or choose another credential in this step.`,
          );
        }
      }
      const loaded = await plain.load(id);
      if (loaded && !logged.has(id)) {
        logged.add(id);
        await insertAudit(sql, {
          actorId: owner?.id ?? null,
          actorName: owner?.name ?? 'TaskMaster',
          action: 'credential.use',
          targetType: 'credential',
          targetId: id,
          targetName: row.name,
          details: { runId, workflowId: run.workflowId, workflowName: run.workflowName },
        });
      }
      return loaded;
    },
  };
}

/** Which workflows use a saved credential: asked before deleting it. */
import type { Sql } from 'postgres';
import { workflowsMentioning } from '../db/credentials';
import { credentialRefs } from '../../core/credential-fields';
import { workflowDocumentSchema } from '../../core/document';
import type { NodeTypeLookup } from '../../core/validate';

export interface CredentialUser {
  id: string;
  name: string;
  /** Names of the steps that use it. */
  steps: string[];
}

/** Workflows whose saved (current) version picks the credential in a step's credential field. */
export async function credentialUsers(sql: Sql, lookup: NodeTypeLookup, credentialId: string): Promise<CredentialUser[]> {
  const users: CredentialUser[] = [];
  for (const wf of await workflowsMentioning(sql, credentialId)) {
    const parsed = workflowDocumentSchema.safeParse(wf.document);
    if (!parsed.success) continue;
    const steps = parsed.data.nodes
      .filter((node) => {
        const def = lookup(node.type);
        return def !== undefined && credentialRefs(def, node.config).some((ref) => ref.id === credentialId);
      })
      .map((node) => node.name);
    if (steps.length) users.push({ id: wf.id, name: wf.name, steps });
  }
  return users;
}

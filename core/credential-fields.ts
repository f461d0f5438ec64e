/**
 * Which config fields of a node type pick a saved credential (widget 'credential'), and which
 * credentials a node's config names. The engine grants a node only those; exports swap them
 * for placeholders. Read from the zod schema once per type.
 */
import type { NodeDefinition } from '../nodes/types';
import { metaChain, objectShape } from './literal-fields';

export interface CredentialField {
  key: string;
  /** Credential type ids the field accepts. */
  types: string[];
}

export interface CredentialRef extends CredentialField {
  /** The saved credential's id. */
  id: string;
}

const cache = new WeakMap<NodeDefinition, CredentialField[]>();

/** Top-level config fields with widget 'credential'. */
export function credentialFields(def: NodeDefinition): CredentialField[] {
  let found = cache.get(def);
  if (found) return found;
  found = [];
  for (const [key, schema] of Object.entries(objectShape(def.config) ?? {})) {
    const meta = metaChain(schema).find((m) => m.widget === 'credential');
    if (meta) found.push({ key, types: meta.credentialTypes ?? [] });
  }
  cache.set(def, found);
  return found;
}

/** The credentials a node's config names (fields left empty name none). */
export function credentialRefs(def: NodeDefinition, config: Record<string, unknown>): CredentialRef[] {
  return credentialFields(def).flatMap((f) => {
    const id = config[f.key];
    return typeof id === 'string' && id.trim() !== '' ? [{ ...f, id: id.trim() }] : [];
  });
}

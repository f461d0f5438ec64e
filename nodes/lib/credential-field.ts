/** The config field that picks a saved credential (widget 'credential'); one shape for every node. */
import { z } from 'zod';
import { field, type FieldMeta } from '../types';

/**
 * Holds a saved credential's id, or '' for none. Taken literally (no expressions): the engine
 * grants a node only the credentials named in these fields, so the id must be known before it runs.
 */
export function credentialField(types: readonly string[], meta: FieldMeta) {
  return field(z.string().trim().default(''), { widget: 'credential', credentialTypes: [...types], expressions: false, ...meta });
}

/** The same field for nodes that can't work without a credential (GitHub, OpenAI): `message` when none is chosen. */
export function requiredCredentialField(types: readonly string[], meta: FieldMeta, message: string) {
  return field(z.string({ error: message }).trim().min(1, message), {
    widget: 'credential',
    credentialTypes: [...types],
    expressions: false,
    ...meta,
  });
}

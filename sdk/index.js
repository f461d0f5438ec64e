// The plugin SDK: `import { defineNode, field, z, MAIN, runStep } from 'taskmaster/sdk'`.
// Plain JavaScript (no build step) so plugins written in plain ESM load it with bare Node; the
// types are in index.d.ts and are those of nodes/types.ts, the contract the built-in steps use.
// `z` is TaskMaster's own zod: a plugin's schemas must come from it, because the settings form
// reads the field hints from this zod's registry.
import { z } from 'zod';

export { z };
export { runStep, startTrigger } from './harness.js';

/** The one input or output most steps have. */
export const MAIN = { id: 'main', label: '' };

/** Identity helper that keeps the config type inferred from the schema (same as nodes/types.ts). */
export function defineNode(def) {
  return def;
}

/** A trigger is a step with category 'trigger', no inputs and usually a `listen`. */
export function defineTrigger(def) {
  return def;
}

/** Identity helper for a credential type (same as nodes/credentials/types.ts). */
export function defineCredentialType(def) {
  return def;
}

/** Attach form hints to a schema field: `field(z.string(), { label: 'Name' })`. */
export function field(schema, meta) {
  return schema.meta(meta);
}

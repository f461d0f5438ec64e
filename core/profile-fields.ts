/**
 * Which config fields of a node type pick a browser profile (widget 'browser-profile'), and
 * which profiles a workflow's steps name. Exports swap them for placeholders; saving checks the
 * saver may use them. Read from the zod schema once per type.
 */
import type { NodeDefinition } from '../nodes/types';
import type { WorkflowDocument } from './document';
import { metaChain, objectShape } from './literal-fields';
import type { NodeTypeLookup } from './validate';

const cache = new WeakMap<NodeDefinition, string[]>();

/** Top-level config fields with widget 'browser-profile'. */
export function profileFields(def: NodeDefinition): string[] {
  let found = cache.get(def);
  if (found) return found;
  found = Object.entries(objectShape(def.config) ?? {})
    .filter(([, schema]) => metaChain(schema).some((m) => m.widget === 'browser-profile'))
    .map(([key]) => key);
  cache.set(def, found);
  return found;
}

export interface ProfileRef {
  nodeId: string;
  /** The step's name, for messages. */
  stepName: string;
  field: string;
  /** The field's label, for messages ("Browser profile"). */
  label: string;
  profileId: string;
}

/** Every profile a document's steps name (fields left empty name none). */
export function profileRefs(document: WorkflowDocument, lookup: NodeTypeLookup): ProfileRef[] {
  const refs: ProfileRef[] = [];
  for (const node of document.nodes) {
    const def = lookup(node.type);
    if (!def) continue;
    for (const field of profileFields(def)) {
      const value = node.config[field];
      if (typeof value !== 'string' || value.trim() === '') continue;
      const shape = objectShape(def.config)?.[field];
      const label = (shape && metaChain(shape).find((m) => typeof m.label === 'string')?.label) || field;
      refs.push({ nodeId: node.id, stepName: node.name || node.id, field, label, profileId: value.trim() });
    }
  }
  return refs;
}

/**
 * A workflow made fit to hand to someone else (a template, a share link): no pinned sample data,
 * no saved-credential choices and no secrets typed into the form. Expressions such as
 * `{{ $secrets.x }}` are kept: they name a secret without holding it.
 */
import type { WorkflowDocument, WorkflowNode } from '../engine/document';
import { credentialFields } from '../engine/credential-fields';
import { metaChain, objectShape } from '../engine/literal-fields';
import type { NodeTypeLookup } from '../engine/validate';
import type { NodeDefinition } from '../../nodes/types';

const secretCache = new WeakMap<NodeDefinition, Set<string>>();

/** Top-level config fields shown as secrets (widget 'secret') or credential pickers. */
function privateFields(def: NodeDefinition): Set<string> {
  let found = secretCache.get(def);
  if (found) return found;
  found = new Set(credentialFields(def).map((f) => f.key));
  for (const [key, schema] of Object.entries(objectShape(def.config) ?? {})) {
    if (metaChain(schema).some((meta) => meta.widget === 'secret')) found.add(key);
  }
  secretCache.set(def, found);
  return found;
}

function portableNode(node: WorkflowNode, lookup: NodeTypeLookup): WorkflowNode {
  const { pinnedOutput: _pinned, ...rest } = node;
  const def = lookup(node.type);
  if (!def) return rest;
  const hidden = privateFields(def);
  const config = Object.fromEntries(
    Object.entries(node.config).map(([key, value]) => {
      const keep = !hidden.has(key) || typeof value !== 'string' || value === '' || /^\s*\{\{[\s\S]*\}\}\s*$/.test(value);
      return [key, keep ? value : ''];
    }),
  );
  return { ...rest, config };
}

export function portableDocument(document: WorkflowDocument, lookup: NodeTypeLookup): WorkflowDocument {
  return { ...document, nodes: document.nodes.map((node) => portableNode(node, lookup)) };
}

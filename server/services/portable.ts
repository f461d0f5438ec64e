/**
 * A workflow made fit to hand to someone else (a template, a share link): no pinned sample data,
 * no saved-credential or browser-profile choices (they are the sharer's cookies and logins, which
 * the other person may not use: server/auth/profile-access.ts) and no secrets typed into the form (fields shown as secrets, and
 * headers that carry one: core/step-secrets.ts). Expressions such as `{{ $vars.x }}`
 * are kept: they name a value without holding it.
 */
import type { WorkflowDocument, WorkflowNode } from '../../core/document';
import { credentialFields } from '../../core/credential-fields';
import { profileFields } from '../../core/profile-fields';
import { replaceTypedSecrets } from '../../core/step-secrets';
import type { NodeTypeLookup } from '../../core/validate';

function portableNode(node: WorkflowNode, lookup: NodeTypeLookup): WorkflowNode {
  const { pinnedOutput: _pinned, ...rest } = node;
  const def = lookup(node.type);
  if (!def) return rest;
  const choices = new Set([...credentialFields(def).map((f) => f.key), ...profileFields(def)]);
  const withoutSecrets = replaceTypedSecrets(def, node.config, () => '');
  const config = Object.fromEntries(
    Object.entries(withoutSecrets).map(([key, value]) => [key, choices.has(key) && typeof value === 'string' ? '' : value]),
  );
  return { ...rest, config };
}

export function portableDocument(document: WorkflowDocument, lookup: NodeTypeLookup): WorkflowDocument {
  return { ...document, nodes: document.nodes.map((node) => portableNode(node, lookup)) };
}

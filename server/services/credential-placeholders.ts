/**
 * Credentials in exported workflow files. An export names each credential a step uses by type
 * and name (`{ "$credential": { "type": "http-bearer", "name": "Shop API" } }`), never by id
 * and never with a secret; an import turns each such placeholder back into a saved credential
 * of this TaskMaster, or reports it as a problem on the step's field.
 */
import { getCredentialType } from '../../nodes/credentials';
import { credentialFields } from '../../core/credential-fields';
import type { Problem, WorkflowDocument } from '../../core/document';
import type { NodeTypeLookup } from '../../core/validate';

export const PLACEHOLDER = '$credential';

export interface CredentialPlaceholder {
  type: string;
  name: string;
}

/** A saved credential as exports and imports know it: by id, name and type. */
export interface NamedCredential {
  id: string;
  name: string;
  type: string;
}

/** How an import finds credentials: the saved ones, and the user's choices by placeholder key. */
export interface CredentialMatching {
  available: NamedCredential[];
  /** Placeholder key (`type:name`, see placeholderKey) → credential id. */
  map?: Record<string, string>;
}

export interface CredentialProblem extends Problem {
  code: 'missing-credential';
  nodeId: string;
  field: string;
  /** What the file asked for, so the UI and the CLI can offer a choice. */
  credential: CredentialPlaceholder & { key: string };
}

/** The key that names a placeholder in `credentialMap`: `http-bearer:Shop API`. */
export function placeholderKey(p: CredentialPlaceholder): string {
  return `${p.type}:${p.name}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asPlaceholder(value: unknown): CredentialPlaceholder | null {
  if (!isRecord(value) || !isRecord(value[PLACEHOLDER])) return null;
  const inner = value[PLACEHOLDER];
  return { type: typeof inner.type === 'string' ? inner.type : '', name: typeof inner.name === 'string' ? inner.name : '' };
}

/**
 * The document with every credential id in a step's config replaced by a placeholder. Ids of
 * credentials that no longer exist are dropped (the field is left empty).
 */
export function withCredentialPlaceholders(document: WorkflowDocument, lookup: NodeTypeLookup, saved: NamedCredential[]): WorkflowDocument {
  const byId = new Map(saved.map((c) => [c.id, c]));
  const nodes = document.nodes.map((node) => {
    const def = lookup(node.type);
    const fields = new Set(def ? credentialFields(def).map((f) => f.key) : []);
    const config: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node.config)) {
      const cred = typeof value === 'string' ? byId.get(value.trim()) : undefined;
      // Any field holding a saved credential's id, even of a step type this TaskMaster lacks.
      if (cred) config[key] = { [PLACEHOLDER]: { type: cred.type, name: cred.name } };
      else if (fields.has(key) && typeof value === 'string' && value.trim() !== '') config[key] = '';
      else config[key] = value;
    }
    return { ...node, config };
  });
  return { ...document, nodes };
}

function typeName(type: string): string {
  return getCredentialType(type)?.displayName ?? type;
}

/**
 * Replaces the placeholders in a raw (not yet validated) document: by the user's choice in
 * `map`, else by the one saved credential of the same type and name. Those left over become ''
 * plus a problem on the step's field.
 */
export function resolveCredentialPlaceholders(
  raw: unknown,
  matching: CredentialMatching = { available: [] },
): { raw: unknown; problems: CredentialProblem[] } {
  if (!isRecord(raw) || !Array.isArray(raw.nodes)) return { raw, problems: [] };
  const problems: CredentialProblem[] = [];
  const byId = new Map(matching.available.map((c) => [c.id, c]));
  const nodes = raw.nodes.map((node: unknown) => {
    if (!isRecord(node) || !isRecord(node.config)) return node;
    const config: Record<string, unknown> = { ...node.config };
    for (const [field, value] of Object.entries(config)) {
      const wanted = asPlaceholder(value);
      if (!wanted) continue;
      const key = placeholderKey(wanted);
      const stepName = typeof node.name === 'string' ? node.name : String(node.id);
      const chosenId = matching.map?.[key];
      const chosen = chosenId === undefined ? undefined : byId.get(chosenId);
      const sameName = matching.available.filter((c) => c.type === wanted.type && c.name.toLowerCase() === wanted.name.toLowerCase());
      let why: string | null = null;
      if (chosenId !== undefined && !chosen) why = `The credential chosen for "${wanted.name}" does not exist.`;
      else if (chosen && chosen.type !== wanted.type)
        why = `"${chosen.name}" is a ${typeName(chosen.type)}, not a ${typeName(wanted.type)}.`;
      const match = why ? undefined : (chosen ?? (sameName.length === 1 ? sameName[0] : undefined));
      config[field] = match?.id ?? '';
      if (match) continue;
      const was = wanted.name ? ` (called "${wanted.name}" where the workflow came from)` : '';
      problems.push({
        nodeId: typeof node.id === 'string' ? node.id : '',
        field,
        code: 'missing-credential',
        credential: { ...wanted, key },
        message: `${why ? `${why} ` : ''}Step "${stepName}" needs a saved credential of type "${typeName(wanted.type)}"${was}. Choose one in the step's settings, or create it under Credentials.`,
      });
    }
    return { ...node, config };
  });
  return { raw: { ...raw, nodes }, problems };
}

/** A credential a document asks for by placeholder, with the steps that use it. */
export interface AskedCredential extends CredentialPlaceholder {
  key: string;
  /** The credential type's display name, like "PostgreSQL database". */
  typeName: string;
  steps: Array<{ nodeId: string; name: string; field: string }>;
}

/**
 * The credentials a document (a built-in template, say) asks for with placeholders, once per
 * type and name, in the order of its steps: what "Use this template" asks the user to choose.
 */
export function askedCredentials(document: WorkflowDocument): AskedCredential[] {
  const byKey = new Map<string, AskedCredential>();
  for (const node of document.nodes) {
    for (const [field, value] of Object.entries(node.config)) {
      const wanted = asPlaceholder(value);
      if (!wanted) continue;
      const key = placeholderKey(wanted);
      const entry = byKey.get(key) ?? { ...wanted, key, typeName: typeName(wanted.type), steps: [] };
      entry.steps.push({ nodeId: node.id, name: node.name, field });
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

/** The document with every placeholder replaced by `idFor(placeholder)`: to check a template's graph as if it were chosen. */
export function fillCredentialPlaceholders(document: WorkflowDocument, idFor: (wanted: CredentialPlaceholder) => string): WorkflowDocument {
  const nodes = document.nodes.map((node) => {
    const config = Object.fromEntries(
      Object.entries(node.config).map(([field, value]) => {
        const wanted = asPlaceholder(value);
        return [field, wanted ? idFor(wanted) : value];
      }),
    );
    return { ...node, config };
  });
  return { ...document, nodes };
}

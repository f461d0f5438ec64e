/**
 * Secrets typed straight into a step's form: a field shown as a secret (widget 'secret': a
 * bearer token, a password, a connection string) and a header whose name says it carries one
 * (Authorization, Cookie, X-API-Key, …). They are masked in what the step leaves behind, left
 * out of exports, templates and share links (a placeholder the importer is asked to fill), and
 * never shown in version history. An expression (`{{ … }}`) names a value without holding it: kept.
 */
import type { NodeDefinition } from '../nodes/types';
import type { WorkflowDocument, WorkflowNode } from './document';
import { metaChain, objectShape } from './literal-fields';
import type { NodeTypeLookup } from './validate';

/** How a typed secret stored encrypted begins (server/credentials/step-secrets-at-rest.ts). */
export const SEALED_PREFIX = 'tm-sealed:v1:';

/** A typed secret stored encrypted: its format was checked when it was typed, and can't be now. */
export function isSealedText(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/** What an export writes instead of a typed secret: `{ "$secret": "Token" }` (the field's label). */
export const SECRET_PLACEHOLDER = '$secret';

/** Header names that carry credentials by convention, or say so in their name. */
const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|passw|api[-_]?key|apikey|auth|session|signature/i;

interface SecretFields {
  /** Top-level fields with widget 'secret', and their labels. */
  secret: Map<string, string>;
  /** Key/value list fields (widget 'keyvalue') named "headers". */
  headerLists: Set<string>;
}

const cache = new WeakMap<NodeDefinition, SecretFields>();

function fieldsOf(def: NodeDefinition): SecretFields {
  let found = cache.get(def);
  if (found) return found;
  found = { secret: new Map(), headerLists: new Set() };
  for (const [key, schema] of Object.entries(objectShape(def.config) ?? {})) {
    const metas = metaChain(schema);
    if (metas.some((meta) => meta.widget === 'secret')) found.secret.set(key, metas.find((m) => m.label)?.label ?? key);
    else if (key === 'headers' && metas.some((meta) => meta.widget === 'keyvalue')) found.headerLists.add(key);
  }
  cache.set(def, found);
  return found;
}

/** Top-level fields of a step type shown as secrets. */
export function secretFieldKeys(def: NodeDefinition): Set<string> {
  return new Set(fieldsOf(def).secret.keys());
}

/** What may stand beside expressions in a secret field without being a secret itself: "Bearer {{ … }}". */
const SCHEME_ONLY = /^(bearer|basic|token|apikey|api-key)?$/i;

/** A value typed in (not empty, not only expressions and a scheme word): a secret to hide. */
export function isTypedSecret(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '') return false;
  if (!value.includes('{{')) return true;
  return !SCHEME_ONLY.test(value.replace(/\{\{[\s\S]*?\}\}/g, '').trim());
}

export interface TypedSecret {
  /** Config key, and for a header the row's index. */
  field: string;
  row?: number;
  /** "Token", or "Header Authorization". */
  label: string;
  value: string;
}

/** The secrets typed into one step's config. */
export function typedSecretsOf(def: NodeDefinition, config: Record<string, unknown>): TypedSecret[] {
  const { secret, headerLists } = fieldsOf(def);
  if (secret.size === 0 && headerLists.size === 0) return [];
  const found: TypedSecret[] = [];
  for (const [field, label] of secret) {
    const value = config[field];
    if (isTypedSecret(value)) found.push({ field, label, value });
  }
  for (const field of headerLists) {
    const rows = config[field];
    if (!Array.isArray(rows)) continue;
    rows.forEach((row: unknown, index) => {
      if (typeof row !== 'object' || row === null) return;
      const { name, value } = row as { name?: unknown; value?: unknown };
      if (typeof name === 'string' && SECRET_HEADER.test(name.trim()) && isTypedSecret(value)) {
        found.push({ field, row: index, label: `Header ${name.trim()}`, value });
      }
    });
  }
  return found;
}

/** The config with each typed secret replaced by `replace(secret)`. */
export function replaceTypedSecrets(
  def: NodeDefinition,
  config: Record<string, unknown>,
  replace: (secret: TypedSecret) => unknown,
): Record<string, unknown> {
  const secrets = typedSecretsOf(def, config);
  if (secrets.length === 0) return config;
  const next: Record<string, unknown> = { ...config };
  for (const secret of secrets) {
    if (secret.row === undefined) next[secret.field] = replace(secret);
    else {
      const rows = [...(next[secret.field] as unknown[])];
      rows[secret.row] = { ...(rows[secret.row] as Record<string, unknown>), value: replace(secret) };
      next[secret.field] = rows;
    }
  }
  return next;
}

/** The document with every typed secret of every step replaced by `replace(secret, node)`. */
export function withTypedSecretsReplaced(
  document: WorkflowDocument,
  lookup: NodeTypeLookup,
  replace: (secret: TypedSecret, node: WorkflowNode) => unknown,
): WorkflowDocument {
  const nodes = document.nodes.map((node) => {
    const def = lookup(node.type);
    if (!def) return node;
    const config = replaceTypedSecrets(def, node.config, (secret) => replace(secret, node));
    return config === node.config ? node : { ...node, config };
  });
  return { ...document, nodes };
}

/**
 * What clients (the editor, the API) get instead of a typed secret: the document they see holds
 * no secret. Sent back unchanged, it means "keep the saved value" (restoreTypedSecrets).
 */
export const SECRET_KEPT = '••••••••';

/** The document as a client may see it: each typed secret replaced by SECRET_KEPT. */
export function maskTypedSecrets(document: WorkflowDocument, lookup: NodeTypeLookup): WorkflowDocument {
  return withTypedSecretsReplaced(document, lookup, () => SECRET_KEPT);
}

/**
 * A document from a client, with each SECRET_KEPT put back to the value saved in `saved` (the
 * same step, the same field; for a header, the same header name). Where nothing was saved (a
 * new step, a document from elsewhere), the field is left empty: the marker is never a secret.
 */
export function restoreTypedSecrets(
  document: WorkflowDocument,
  saved: WorkflowDocument | null | undefined,
  lookup: NodeTypeLookup,
): WorkflowDocument {
  const savedNodes = new Map((saved?.nodes ?? []).map((node) => [node.id, node]));
  return withTypedSecretsReplaced(document, lookup, (secret, node) => {
    if (secret.value !== SECRET_KEPT) return secret.value;
    const before = savedNodes.get(node.id);
    const def = before && before.type === node.type ? lookup(before.type) : undefined;
    if (!before || !def) return '';
    const name = headerName(node.config, secret);
    const match = typedSecretsOf(def, before.config).find(
      (s) => s.field === secret.field && (secret.row === undefined || headerName(before.config, s) === name),
    );
    return match?.value ?? '';
  });
}

function headerName(config: Record<string, unknown>, secret: TypedSecret): string | undefined {
  if (secret.row === undefined) return undefined;
  const row = (config[secret.field] as Array<{ name?: unknown }>)[secret.row];
  return typeof row?.name === 'string' ? row.name.trim().toLowerCase() : undefined;
}

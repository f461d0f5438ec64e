/**
 * Tells an n8n export from a TaskMaster workflow file: n8n has `connections` keyed by node name
 * and node types like `n8n-nodes-base.set`; ours has `edges`. No imports, so the import dialog
 * can use it in the browser too.
 */
export function looksLikeN8nExport(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const doc = value as { nodes?: unknown; connections?: unknown; edges?: unknown };
  if (!Array.isArray(doc.nodes) || doc.edges !== undefined) return false;
  if (doc.connections !== undefined && (doc.connections === null || typeof doc.connections !== 'object')) return false;
  return doc.nodes.some((node: unknown) => {
    const type = (node as { type?: unknown } | null)?.type;
    return typeof type === 'string' && /^(n8n-nodes-base\.|@n8n\/)/.test(type);
  });
}

/** Parses text as JSON and checks it; false for anything that is not JSON (YAML files are ours). */
export function textLooksLikeN8nExport(text: string): boolean {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) return false;
  try {
    return looksLikeN8nExport(JSON.parse(trimmed) as unknown);
  } catch {
    return false;
  }
}

/**
 * Secrets typed into steps' forms in exported workflow files: written as `{ "$secret": "Token" }`
 * (the field's name, never the value); an import leaves the field empty and says which step
 * needs which secret typed again (problem `missing-secret`, which does not stop the import).
 */
import type { Problem, WorkflowDocument } from '../../core/document';
import { SECRET_PLACEHOLDER, withTypedSecretsReplaced } from '../../core/step-secrets';
import type { NodeTypeLookup } from '../../core/validate';

export interface SecretProblem extends Problem {
  code: 'missing-secret';
  nodeId: string;
  field: string;
}

/** The document with every typed secret replaced by its placeholder. */
export function withSecretPlaceholders(document: WorkflowDocument, lookup: NodeTypeLookup): WorkflowDocument {
  return withTypedSecretsReplaced(document, lookup, (secret) => ({ [SECRET_PLACEHOLDER]: secret.label }));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function placeholderLabel(value: unknown): string | null {
  if (!isRecord(value) || !(SECRET_PLACEHOLDER in value)) return null;
  const label = value[SECRET_PLACEHOLDER];
  return typeof label === 'string' && label.trim() !== '' ? label.trim() : 'a secret';
}

/**
 * Empties the placeholders of a raw (not yet validated) document, top-level fields and header
 * rows alike, with one problem per step and field.
 */
export function resolveSecretPlaceholders(raw: unknown): { raw: unknown; problems: SecretProblem[] } {
  if (!isRecord(raw) || !Array.isArray(raw.nodes)) return { raw, problems: [] };
  const problems: SecretProblem[] = [];
  const nodes = raw.nodes.map((node: unknown) => {
    if (!isRecord(node) || !isRecord(node.config)) return node;
    const stepName = typeof node.name === 'string' ? node.name : String(node.id);
    const ask = (field: string, label: string) =>
      problems.push({
        nodeId: typeof node.id === 'string' ? node.id : '',
        field,
        code: 'missing-secret',
        message: `Step "${stepName}" needs its ${label} typed again: secrets typed into a step are not exported. Enter it in the step's settings (better: save it under Credentials and choose it there).`,
      });
    const config: Record<string, unknown> = { ...node.config };
    for (const [field, value] of Object.entries(config)) {
      const label = placeholderLabel(value);
      if (label !== null) {
        config[field] = '';
        ask(field, label);
      } else if (Array.isArray(value)) {
        config[field] = value.map((row: unknown, index) => {
          const rowLabel = isRecord(row) ? placeholderLabel(row.value) : null;
          if (rowLabel === null) return row;
          ask(`${field}.${index}.value`, rowLabel);
          return { ...(row as Record<string, unknown>), value: '' };
        });
      }
    }
    return { ...node, config };
  });
  return { raw: { ...raw, nodes }, problems };
}

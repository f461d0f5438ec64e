/**
 * The rules for a credential's values between the browser and the store: secrets go one way
 * only (in), a secret left empty keeps the saved one, and every value is checked by the
 * credential type's schema before it is encrypted.
 */
import { secretFieldsOf, type CredentialType } from '../../nodes/credentials/types';
import type { CredentialValues } from './sealed-values';

/** What the browser sees of a secret: whether one is saved, never its value. */
export interface SecretMarker {
  set: boolean;
}

export interface ValueProblem {
  /** The field, when the problem is about one. */
  field?: string;
  message: string;
}

function isMarker(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'set' in value;
}

/** Stored values as the browser may see them: secrets replaced by `{ set }`. */
export function redact(type: CredentialType, values: CredentialValues): Record<string, unknown> {
  const secrets = new Set(secretFieldsOf(type));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!secrets.has(key)) out[key] = value;
  }
  for (const key of secrets) out[key] = { set: isSet(values[key]) } satisfies SecretMarker;
  return out;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Which secret fields hold a value. */
export function secretsSet(type: CredentialType, values: CredentialValues): string[] {
  return secretFieldsOf(type).filter((key) => isSet(values[key]));
}

/**
 * The values to store: the new ones, where a secret left empty (or sent back as its `{ set }`
 * marker) keeps the saved value, unless it is listed in `clear`.
 */
export function mergeValues(
  type: CredentialType,
  saved: CredentialValues,
  incoming: Record<string, unknown>,
  clear: string[] = [],
): CredentialValues {
  const merged: CredentialValues = { ...incoming };
  for (const key of secretFieldsOf(type)) {
    const value = incoming[key];
    if (clear.includes(key)) delete merged[key];
    else if (value === undefined || value === null || value === '' || isMarker(value)) {
      if (saved[key] === undefined) delete merged[key];
      else merged[key] = saved[key];
    }
  }
  return merged;
}

/** Parses values with the type's schema: the values to store, or the problems per field. */
export function checkValues(
  type: CredentialType,
  values: Record<string, unknown>,
): { ok: true; values: CredentialValues } | { ok: false; problems: ValueProblem[] } {
  const parsed = type.schema.safeParse(values);
  if (parsed.success) return { ok: true, values: parsed.data as CredentialValues };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      field: issue.path.length ? String(issue.path[0]) : undefined,
      message: issue.message,
    })),
  };
}

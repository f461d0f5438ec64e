/**
 * A value given the type its field declares (Set fields' "Type" column): text, number, yes/no,
 * list or object. The rules are n8n's (Edit Fields, version 3), so imported workflows give the
 * same values: text is `String(value)` (objects as JSON), numbers accept anything `Number()`
 * reads, yes/no accepts true/false (any case) and 1/0, lists and objects accept JSON text.
 */
import { isPlainObject } from './values';

export const DECLARED_TYPES = ['auto', 'text', 'number', 'boolean', 'list', 'object'] as const;
export type DeclaredType = (typeof DECLARED_TYPES)[number];

export const DECLARED_TYPE_LABELS: Record<DeclaredType, string> = {
  auto: 'As it comes',
  text: 'Text',
  number: 'Number',
  boolean: 'Yes/no',
  list: 'List',
  object: 'Object',
};

export type Declared = { ok: true; value: unknown } | { ok: false; reason: string };

const shown = (value: unknown) => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
};

/** JSON text read as a list or an object; n8n also accepts single quotes in place of double ones. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    try {
      return JSON.parse(text.replace(/'/g, '"')) as unknown;
    } catch {
      return undefined;
    }
  }
}

function asText(value: unknown): Declared {
  if (value === undefined || value === null) return { ok: false, reason: 'is empty, and the field should hold text' };
  return { ok: true, value: typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean) };
}

/** `value` as `type`; missing values stay empty (null) for every type but text. */
export function toDeclaredType(value: unknown, type: DeclaredType): Declared {
  if (type === 'auto') return { ok: true, value };
  if (type === 'text') return asText(value);
  if (value === undefined || value === null) return { ok: true, value: null };
  switch (type) {
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'object' || typeof value === 'boolean' || Number.isNaN(number)) {
        return { ok: false, reason: `${shown(value)} is not a number` };
      }
      return { ok: true, value: number };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return { ok: true, value: value.toLowerCase() === 'true' };
      if (!(typeof value === 'string' && value.trim() === '') && typeof value !== 'object') {
        const number = Number(value);
        if (number === 0 || number === 1) return { ok: true, value: number === 1 };
      }
      return { ok: false, reason: `${shown(value)} is not yes/no (true or false)` };
    }
    case 'list': {
      const list = Array.isArray(value) ? value : typeof value === 'string' ? parseJson(value) : undefined;
      if (!Array.isArray(list)) return { ok: false, reason: `${shown(value)} is not a list (write it like ["a", "b"])` };
      return { ok: true, value: list };
    }
    case 'object': {
      const object = isPlainObject(value) ? value : typeof value === 'string' ? parseJson(value) : undefined;
      if (!isPlainObject(object)) return { ok: false, reason: `${shown(value)} is not an object (write it like {"a": 1})` };
      return { ok: true, value: object };
    }
    default: {
      // Biome's exhaustiveness rule doesn't narrow through the early returns above; this keeps
      // TypeScript's check: a new type that isn't handled makes `type` not `never` here.
      const unhandled: never = type;
      return unhandled;
    }
  }
}

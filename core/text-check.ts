/**
 * Text the database can't store and JSON can't carry faithfully: the NUL character and lone
 * surrogates (half of an emoji), and nesting deeper than anyone writes by hand. Found here, where
 * a document enters, so the user hears which step and field to fix instead of the database
 * failing later with its own words.
 */

/** Deeper than any real workflow or payload; deep enough nesting crashes parsers and the database. */
export const MAX_DEPTH = 256;

export type TextFault = 'nul' | 'surrogate' | 'depth';

export interface TextProblem {
  fault: TextFault;
  /** Keys from the root to the bad value (or the too-deep container). */
  path: Array<string | number>;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with `text`, or null when it can be stored. */
export function textFault(text: string): TextFault | null {
  if (text.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(text) ? 'surrogate' : null;
}

/** The first `limit` problems in a parsed JSON value (keys included), found without recursion. */
export function findTextProblems(root: unknown, limit = 20): TextProblem[] {
  const found: TextProblem[] = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: root, path: [] }];
  while (stack.length && found.length < limit) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const fault = textFault(value);
      if (fault) found.push({ fault, path });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_DEPTH) {
      found.push({ fault: 'depth', path });
      continue;
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (typeof key === 'string') {
        const fault = textFault(key);
        if (fault) {
          found.push({ fault, path: [...path, key] });
          continue;
        }
      }
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return found;
}

/** "contains an invisible NUL character…" for a message that starts with where it is. */
export function describeTextFault(fault: TextFault): string {
  if (fault === 'nul') return 'contains an invisible NUL character (\\u0000), which can’t be stored. Remove it (retyping the text does).';
  if (fault === 'surrogate')
    return 'contains a broken character (half of an emoji or other symbol), which can’t be stored. Retype the text.';
  return `is nested more than ${MAX_DEPTH} levels deep. Flatten it.`;
}

const FAULTS = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A copy of plain JSON data with every NUL and lone surrogate (in strings and keys) replaced by
 * U+FFFD. For what a step says about itself (logs, errors, warnings): those go to jsonb columns,
 * which refuse both, and a log line quoting a broken byte of someone's data must not fail the run.
 */
export function withStorableText(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(FAULTS, '\ufffd');
  if (Array.isArray(value)) return value.map(withStorableText);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[key.replace(FAULTS, '\ufffd')] = withStorableText(inner);
  return copy;
}

/**
 * Hiding secrets in what a node leaves behind: its logs, its error message and its output
 * items. Every occurrence of a secret it used (and of the common encodings of it) becomes
 * `••••••`. Only nodes that used credentials pay for the walk.
 */

export const MASK = '••••••';

/**
 * Shorter values are not hidden: masking every "ab" in a node's output would wreck it and hide
 * nothing worth hiding.
 */
const MIN_SECRET_LENGTH = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Encoded forms shorter than this are not hidden: they would match ordinary text. */
const MIN_ENCODED_LENGTH = 6;

/**
 * The secret as base64 (and base64url) wherever it sits in the encoded bytes, as in a Basic
 * header of "id:secret": for each of the three offsets a secret can start at, the characters that
 * encode only its own bytes. Plus hex, both cases.
 */
function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value);
  const forms: string[] = [bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
  for (let offset = 0; offset < 3; offset++) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
    // Whole 3-byte groups only, and not the first group when it holds padding bytes of ours.
    const skip = offset === 0 ? 0 : 4;
    const whole = Math.floor(shifted.length / 3) * 4;
    for (const encoding of ['base64', 'base64url'] as const) {
      const middle = shifted.toString(encoding).slice(skip, whole);
      if (middle.length >= MIN_ENCODED_LENGTH) forms.push(middle);
    }
  }
  return forms;
}

export class SecretMasker {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;

  /** Whether there is anything to hide. */
  get active(): boolean {
    return this.secrets.size > 0;
  }

  add(value: string): void {
    if (value.length < MIN_SECRET_LENGTH) return;
    // The forms a secret takes in a web address, a form body, a Basic header, a hex dump.
    for (const form of [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), ...encodedForms(value)]) {
      if (!this.secrets.has(form)) {
        this.secrets.add(form);
        this.pattern = null;
      }
    }
  }

  maskText(text: string): string {
    if (!this.active) return text;
    // Longest first, so a secret that contains another is hidden whole.
    this.pattern ??= new RegExp(
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, MASK);
  }

  /** A copy of a JSON-like value with every string (keys too) masked; the original is untouched. */
  mask<T>(value: T): T {
    if (!this.active) return value;
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.maskText(value);
    // Deeper than any real item; a cycle would otherwise never end.
    if (value === null || typeof value !== 'object' || depth > 200) return value;
    if (Array.isArray(value)) return value.map((entry) => this.walk(entry, depth + 1));
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      // A Date, a class instance: masked as what it will be stored as, its JSON.
      try {
        const json: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
        return this.walk(json, depth + 1);
      } catch {
        return value;
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) out[this.maskText(key)] = this.walk(entry, depth + 1);
    return out;
  }
}

import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A random id like `wf_k3j9x2m1q8zt`: prefix says what it names, 12 base-36 chars (~62 bits). */
export function newId(prefix: 'wf' | 'run' | 'n' | 'e' | 'tpl' | 'cred' | 'share' | 'prof' | 'ntf' | 'trk' | 'inv' | 'key'): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 36];
  return `${prefix}_${out}`;
}

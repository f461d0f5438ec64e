/**
 * Stable ids for imported steps and connections: the same file always gives the same ids, so a
 * second import of it lines up with the first, and tests can name them.
 */

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** 64 bits of FNV-1a, as 12 base-36 characters. */
function hash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000193) >>> 0;
    h2 = (h2 ^ (h2 >>> 13)) >>> 0;
  }
  // Final mixing so ids of similar seeds (UUIDs differing in one digit) look different.
  h1 = fmix(h1);
  h2 = fmix(h2 ^ h1);
  return (h1.toString(36).padStart(7, '0') + h2.toString(36).padStart(7, '0')).slice(0, 12);
}

/** Hands out `<prefix>_<hash of seed>`, never the same id twice. */
export class IdMaker {
  private readonly taken = new Set<string>();

  make(prefix: 'n' | 'e' | 'note', seed: string): string {
    let id = `${prefix}_${hash(seed)}`;
    for (let n = 2; this.taken.has(id); n++) id = `${prefix}_${hash(`${seed}#${n}`)}`;
    this.taken.add(id);
    return id;
  }
}

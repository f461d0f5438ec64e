/**
 * How Merge combines items of its two inputs: joined on a key, paired by position, every
 * combination, or the items that found no partner. The rules follow n8n's Merge (version 3) so
 * imported workflows give the same items in the same order.
 */
import type { Item } from '../types';
import { getField, toText } from './values';

export type Clash = 'preferB' | 'preferA' | 'suffix';

/** Every key of the item with `_<suffix>` added, as n8n's "add input number to field names" does. */
function suffixed(item: Item, suffix: string): Item {
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [`${key}_${suffix}`, value]));
}

/** One item from a pair; on a clash the preferred input's value wins. */
export function combine(a: Item, b: Item, clash: Clash): Item {
  if (clash === 'suffix') return { ...suffixed(a, '1'), ...suffixed(b, '2') };
  return clash === 'preferA' ? { ...b, ...a } : { ...a, ...b };
}

/** Items paired by position; without `includeUnpaired` only as many as the shorter input has. */
export function byPosition(a: Item[], b: Item[], clash: Clash, includeUnpaired: boolean): Item[] {
  const count = includeUnpaired ? Math.max(a.length, b.length) : Math.min(a.length, b.length);
  const out: Item[] = [];
  for (let i = 0; i < count; i++) out.push(combine(a[i] ?? {}, b[i] ?? {}, clash));
  return out;
}

/** Every item of Input 1 with every item of Input 2, in Input 1's order. */
export function allCombinations(a: Item[], b: Item[], clash: Clash, limit: number): Item[] {
  if (a.length * b.length > limit) {
    throw new Error(
      `All combinations of ${a.length} and ${b.length} items would make ${a.length * b.length} items, more than ${limit}. Filter the inputs first.`,
    );
  }
  const out: Item[] = [];
  for (const left of a) for (const right of b) out.push(combine(left, right, clash));
  return out;
}

/** The text a key is matched on, or undefined when the item has no usable key (it never matches). */
function keyOf(item: Item, name: string): string | undefined {
  const value = getField(item, name);
  return value === undefined || value === null || value === '' ? undefined : toText(value);
}

export interface Matches {
  /** Each item of Input 1 with the indexes of its partners in Input 2 (none: unmatched). */
  pairs: Array<{ item: Item; partners: number[] }>;
  /** Whether each item of Input 2 found a partner. */
  matchedB: boolean[];
}

export function findMatches(a: Item[], b: Item[], keyA: string, keyB: string): Matches {
  const byKey = new Map<string, number[]>();
  b.forEach((item, index) => {
    const key = keyOf(item, keyB);
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), index]);
  });
  const matchedB = b.map(() => false);
  const pairs = a.map((item) => {
    const key = keyOf(item, keyA);
    const partners = key === undefined ? [] : (byKey.get(key) ?? []);
    for (const index of partners) matchedB[index] = true;
    return { item, partners };
  });
  return { pairs, matchedB };
}

export interface JoinOptions {
  keepUnmatched: 'none' | 'a' | 'b' | 'both';
  /** What a match gives: both items combined, or the item of one input unchanged. */
  matchOutput: 'merged' | 'a' | 'b';
  clash: Clash;
  /** Unmatched items of Input 1 after all matches (n8n's order) instead of in their place. */
  unmatchedLast: boolean;
}

/** Joins like a database: every matching pair gives one item (or its Input 1 / Input 2 item). */
export function join(a: Item[], b: Item[], { pairs, matchedB }: Matches, options: JoinOptions): Item[] {
  const keepA = options.keepUnmatched === 'a' || options.keepUnmatched === 'both';
  const keepB = options.keepUnmatched === 'b' || options.keepUnmatched === 'both';
  const tagA = (item: Item) => (options.clash === 'suffix' ? suffixed(item, '1') : item);
  const out: Item[] = [];
  const unmatchedA: Item[] = [];
  for (const { item, partners } of pairs) {
    if (partners.length === 0) {
      if (!keepA) continue;
      if (options.unmatchedLast) unmatchedA.push(tagA(item));
      else out.push(tagA(item));
    } else if (options.matchOutput === 'a') out.push(item);
    else if (options.matchOutput === 'merged') for (const index of partners) out.push(combine(item, b[index], options.clash));
  }
  if (options.matchOutput === 'b') out.push(...b.filter((_, index) => matchedB[index]));
  out.push(...unmatchedA);
  if (keepB) out.push(...b.filter((_, index) => !matchedB[index]).map((item) => (options.clash === 'suffix' ? suffixed(item, '2') : item)));
  return out;
}

/** Only the items that found no partner: of Input 1, Input 2, or both (then marked with `_source`). */
export function unmatched(a: Item[], b: Item[], { pairs, matchedB }: Matches, from: 'a' | 'b' | 'both'): Item[] {
  const left = pairs.filter((p) => p.partners.length === 0).map((p) => p.item);
  const right = b.filter((_, index) => !matchedB[index]);
  if (from === 'a') return left;
  if (from === 'b') return right;
  return [...left.map((item) => ({ ...item, _source: 'input1' })), ...right.map((item) => ({ ...item, _source: 'input2' }))];
}

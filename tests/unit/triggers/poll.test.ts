import { describe, expect, it } from 'vitest';
import { entryKey, listIn, MAX_SEEN_KEYS, newEntries } from '../../../server/triggers/poll';

const byId = { dedupeBy: 'field' as const, keyField: 'id' };
const byContent = { dedupeBy: 'content' as const, keyField: 'id' };

describe('finding the list in an API answer', () => {
  it('takes the answer itself or the field named', () => {
    expect(listIn([1, 2], '')).toEqual([1, 2]);
    expect(listIn({ data: { orders: [{ id: 1 }] } }, 'data.orders')).toEqual([{ id: 1 }]);
  });

  it('says what it found instead of a list', () => {
    expect(listIn({ data: {} }, '')).toBe('The answer is not a list (it is an object). Set "Where the list is".');
    expect(listIn({ data: {} }, 'data.orders')).toBe('The answer has no list at "data.orders" (found nothing).');
    expect(listIn({ count: 3 }, 'count')).toBe('The answer has no list at "count" (found the value 3).');
  });
});

describe('telling new entries from seen ones', () => {
  it('uses the key field, falling back to the content when an entry lacks it', () => {
    expect(entryKey({ id: 5, name: 'a' }, byId)).toBe(entryKey({ id: 5, name: 'changed' }, byId));
    expect(entryKey({ id: '5' }, byId)).not.toBe(entryKey({ id: 5 }, byId));
    expect(entryKey({ name: 'a' }, byId)).toMatch(/^h:/);
  });

  it('treats content as equal whatever the order of its fields', () => {
    expect(entryKey({ a: 1, b: { c: 2, d: 3 } }, byContent)).toBe(entryKey({ b: { d: 3, c: 2 }, a: 1 }, byContent));
    expect(entryKey({ a: 1 }, byContent)).not.toBe(entryKey({ a: 2 }, byContent));
  });

  it('returns only the entries not seen before, once each', () => {
    const first = newEntries([{ id: 1 }, { id: 2 }], [], byId);
    expect(first.fresh).toEqual([{ id: 1 }, { id: 2 }]);
    const second = newEntries([{ id: 3 }, { id: 2 }, { id: 1 }, { id: 3 }], first.keys, byId);
    expect(second.fresh).toEqual([{ id: 3 }]);
    expect(newEntries([{ id: 1 }, { id: 2 }, { id: 3 }], second.keys, byId).fresh).toEqual([]);
  });

  it('remembers a bounded number of keys, but always those of the current answer', () => {
    const old = Array.from({ length: MAX_SEEN_KEYS }, (_, i) => `s:old${i}`);
    const { keys } = newEntries([{ id: 'a' }, { id: 'b' }], old, byId);
    expect(keys).toHaveLength(MAX_SEEN_KEYS);
    expect(keys.slice(-2)).toEqual(['s:a', 's:b']);
    expect(keys[0]).toBe('s:old2');
    const big = Array.from({ length: MAX_SEEN_KEYS + 5 }, (_, i) => ({ id: i }));
    expect(newEntries(big, [], byId).keys).toHaveLength(MAX_SEEN_KEYS + 5);
  });
});

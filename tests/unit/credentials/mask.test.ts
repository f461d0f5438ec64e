import { describe, expect, it } from 'vitest';
import { MASK, SecretMasker } from '../../../server/credentials/mask';

describe('secret masking', () => {
  it('hides every occurrence in nested items, keys included, without changing the original', () => {
    const masker = new SecretMasker();
    masker.add('s3cr3t-xyz');
    const items = [
      { body: { authorization: 'Bearer s3cr3t-xyz', list: ['a', 's3cr3t-xyz s3cr3t-xyz'] }, 's3cr3t-xyz': 1, n: 5, ok: true, none: null },
    ];
    const masked = masker.mask(items);
    expect(masked).toEqual([
      { body: { authorization: `Bearer ${MASK}`, list: ['a', `${MASK} ${MASK}`] }, [MASK]: 1, n: 5, ok: true, none: null },
    ]);
    expect(items[0].body.authorization).toBe('Bearer s3cr3t-xyz');
  });

  it('hides the forms a secret takes in web addresses and form bodies', () => {
    const masker = new SecretMasker();
    masker.add('a b+c/d&e');
    expect(masker.maskText('?key=a%20b%2Bc%2Fd%26e and key=a+b%2Bc%2Fd%26e')).toBe(`?key=${MASK} and key=${MASK}`);
  });

  it('hides a longer secret whole when it contains a shorter one', () => {
    const masker = new SecretMasker();
    masker.add('abcd');
    masker.add('abcdefgh');
    expect(masker.maskText('xabcdefghx')).toBe(`x${MASK}x`);
  });

  it('does nothing (and returns the same value) before a secret is known, and skips tiny values', () => {
    const masker = new SecretMasker();
    const value = { a: 'text' };
    expect(masker.mask(value)).toBe(value);
    masker.add('ab');
    expect(masker.active).toBe(false);
  });

  it('masks dates and class instances as the JSON they are stored as', () => {
    const masker = new SecretMasker();
    masker.add('2024');
    expect(masker.mask({ at: new Date('2024-01-02T00:00:00Z') })).toEqual({ at: `${MASK}-01-02T00:00:00.000Z` });
  });
});

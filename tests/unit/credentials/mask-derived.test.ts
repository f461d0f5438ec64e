/**
 * Secrets hidden in the forms they take on the way out: inside a Basic header (base64 of
 * "id:secret"), base64 at any offset, base64url, URL-encoded, hex.
 */
import { describe, expect, it } from 'vitest';
import { MASK, SecretMasker } from '../../../server/credentials/mask';

const SECRET = 'Zq9-pW4!xR7#mK2$vB';

function masked(text: string): string {
  const masker = new SecretMasker();
  masker.add(SECRET);
  return masker.maskText(text);
}

describe('derived forms of a secret', () => {
  it.each([
    ['a Basic header of id:secret', `Basic ${Buffer.from(`my-app:${SECRET}`).toString('base64')}`],
    ['a Basic header with a longer id', `Basic ${Buffer.from(`app-12345:${SECRET}`).toString('base64')}`],
    ['a Basic header with another id length', `Basic ${Buffer.from(`ab-9:${SECRET}`).toString('base64')}`],
    ['plain base64', Buffer.from(SECRET).toString('base64')],
    ['base64url', Buffer.from(`x${SECRET}`).toString('base64url')],
    ['URL-encoded', `key=${encodeURIComponent(SECRET)}`],
    ['hex', Buffer.from(SECRET).toString('hex')],
    ['upper-case hex', Buffer.from(SECRET).toString('hex').toUpperCase()],
  ])('hides %s', (_what, text) => {
    const out = masked(text);
    expect(out).toContain(MASK);
    // What is left can't give the secret back: decoding it finds no more than 2 bytes of it in a row.
    for (const piece of out.split(MASK)) {
      for (const decode of [
        (t: string) => Buffer.from(t, 'base64').toString('latin1'),
        (t: string) => Buffer.from(t, 'hex').toString('latin1'),
        (t: string) => t,
      ]) {
        const decoded = decode(piece.replace(/^Basic /, ''));
        for (let i = 0; i + 4 <= SECRET.length; i++) expect(decoded).not.toContain(SECRET.slice(i, i + 4));
      }
    }
  });

  it('leaves text without the secret alone', () => {
    expect(masked('Basic bm90LXRoZS1zZWNyZXQ=')).toBe('Basic bm90LXRoZS1zZWNyZXQ=');
  });
});

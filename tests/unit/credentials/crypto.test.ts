import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptError, generateKey, keyFromBytes, open, parseKey, seal } from '../../../server/credentials/crypto';

/** The same record with one byte of a base64 field flipped. */
function flip(base64: string, index = 0): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] ^= 0x01;
  return bytes.toString('base64');
}

describe('credential encryption', () => {
  it('opens what it sealed, and never seals the same text the same way twice', () => {
    const key = generateKey();
    const a = seal(key, '{"token":"s3cr3t"}', 'cred_1');
    const b = seal(key, '{"token":"s3cr3t"}', 'cred_1');
    expect(open(key, a, 'cred_1')).toBe('{"token":"s3cr3t"}');
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.iv).not.toBe(b.iv);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64')).toHaveLength(16);
    expect(a.keyId).toBe(key.id);
    expect(Buffer.from(a.ciphertext, 'base64').toString('utf8')).not.toContain('s3cr3t');
  });

  it('names a key by the first 8 hex characters of its SHA-256', () => {
    const bytes = randomBytes(32);
    expect(keyFromBytes(bytes).id).toBe(createHash('sha256').update(bytes).digest('hex').slice(0, 8));
  });

  it('detects a changed ciphertext, tag or IV, and a record moved to another credential', () => {
    const key = generateKey();
    const sealed = seal(key, 'hello secret', 'cred_1');
    expect(() => open(key, { ...sealed, ciphertext: flip(sealed.ciphertext, 3) }, 'cred_1')).toThrow(DecryptError);
    expect(() => open(key, { ...sealed, tag: flip(sealed.tag) }, 'cred_1')).toThrow(DecryptError);
    expect(() => open(key, { ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 8).toString('base64') }, 'cred_1')).toThrow(
      DecryptError,
    );
    expect(() => open(key, { ...sealed, iv: flip(sealed.iv) }, 'cred_1')).toThrow(DecryptError);
    expect(() => open(key, sealed, 'cred_2')).toThrow('changed or damaged');
  });

  it('refuses another key by its id, before trying', () => {
    const sealed = seal(generateKey(), 'x', 'cred_1');
    const other = generateKey();
    expect(() => open(other, sealed, 'cred_1')).toThrow(`it was encrypted with the key ${sealed.keyId}, and the key in use is ${other.id}`);
  });

  it('reads keys as hex or base64, and explains a bad one without repeating it', () => {
    const key = generateKey();
    expect(parseKey(key.bytes.toString('hex'), 'X').id).toBe(key.id);
    expect(parseKey(key.bytes.toString('base64'), 'X').id).toBe(key.id);
    expect(parseKey(`${key.bytes.toString('base64url')}\n`, 'X').id).toBe(key.id);
    expect(() => parseKey('too-short', 'TASKMASTER_ENCRYPTION_KEY')).toThrow(
      'TASKMASTER_ENCRYPTION_KEY is not a valid encryption key. It must be 32 random bytes written as base64 (44 characters) or hex (64 characters)',
    );
    expect(() => parseKey(randomBytes(16).toString('hex'), 'the file')).toThrow('not a valid encryption key');
  });
});

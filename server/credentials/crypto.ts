/**
 * Encryption of saved credentials: AES-256-GCM with a random 12-byte IV per record, so equal
 * values never look equal, and the auth tag makes any change to a stored record detectable.
 * Each record names the key it was encrypted with (its key id), so a wrong key is told apart
 * from a damaged record.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  /** First 8 hex characters of the key's SHA-256: names the key without revealing it. */
  id: string;
  bytes: Buffer;
}

/** What is stored per record; binary parts as base64 text. */
export interface Sealed {
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';

export const KEY_FORMAT_HELP =
  'It must be 32 random bytes written as base64 (44 characters) or hex (64 characters); make one with: openssl rand -base64 32';

export function keyFromBytes(bytes: Buffer): EncryptionKey {
  if (bytes.length !== KEY_BYTES) throw new Error(`An encryption key is ${KEY_BYTES} bytes, not ${bytes.length}.`);
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

export function generateKey(): EncryptionKey {
  return keyFromBytes(randomBytes(KEY_BYTES));
}

/** Reads a key written as hex or base64; throws a message naming `source` (where the text came from). */
export function parseKey(text: string, source: string): EncryptionKey {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return keyFromBytes(Buffer.from(trimmed, 'hex'));
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
    if (bytes.length === KEY_BYTES) return keyFromBytes(bytes);
  }
  throw new Error(`${source} is not a valid encryption key. ${KEY_FORMAT_HELP}`);
}

/** How a key is written to its file and shown to the user. */
export function formatKey(key: EncryptionKey): string {
  return key.bytes.toString('base64');
}

/** Thrown when a record can't be opened: wrong key, or the stored bytes were changed. */
export class DecryptError extends Error {}

/**
 * `context` (the credential's id) is bound to the ciphertext as associated data: a record copied
 * onto another credential's row fails to open instead of silently swapping secrets.
 */
export function seal(key: EncryptionKey, plaintext: string, context: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.bytes, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    keyId: key.id,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export function open(key: EncryptionKey, sealed: Sealed, context: string): string {
  if (sealed.keyId !== key.id) {
    throw new DecryptError(`it was encrypted with the key ${sealed.keyId}, and the key in use is ${key.id}`);
  }
  try {
    // A fixed tag length: GCM would otherwise accept a shortened tag, which is easier to forge.
    const decipher = createDecipheriv(ALGORITHM, key.bytes, Buffer.from(sealed.iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptError('the stored record was changed or damaged (its authentication tag does not match)');
  }
}

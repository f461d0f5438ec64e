/**
 * A credential's values as one encrypted JSON object, and reading them back. The credential id
 * is the associated data, so a record only opens on its own row.
 */
import { z } from 'zod';
import type { CredentialRow } from '../db/credentials';
import { DecryptError, open, seal, type EncryptionKey, type Sealed } from './crypto';
import type { KeyStore } from './keys';

export type CredentialValues = Record<string, unknown>;

const valuesSchema = z.record(z.string(), z.unknown());

export function sealValues(key: EncryptionKey, id: string, values: CredentialValues): Sealed {
  return seal(key, JSON.stringify(values), id);
}

export function openValues(key: EncryptionKey, row: Pick<CredentialRow, 'id' | keyof Sealed>): CredentialValues {
  return valuesSchema.parse(JSON.parse(open(key, row, row.id)));
}

/** Thrown when a saved credential can't be opened; the message says what to do. */
export class CredentialUnreadableError extends Error {}

/** Opens a row with the store's key, turning every failure into a plain message. */
export async function openRow(keys: KeyStore, row: CredentialRow): Promise<CredentialValues> {
  const key = await keys.read();
  if (!key) {
    throw new CredentialUnreadableError(
      `The saved credential "${row.name}" can't be read: there is no encryption key (${keys.source} is missing). Put back the key it was saved with.`,
    );
  }
  try {
    return openValues(key, row);
  } catch (error) {
    const why = error instanceof DecryptError ? error.message : 'its stored values are not readable';
    throw new CredentialUnreadableError(
      `The saved credential "${row.name}" can't be read: ${why}. Set the key it was saved with, or save it again.`,
    );
  }
}

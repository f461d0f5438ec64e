/**
 * Key rotation: every saved credential (and every secret typed into a step, in stored workflow
 * versions and runs) re-encrypted with a new key in one transaction, and the
 * key file replaced, with the old key kept beside it. The new key is on disk (as
 * `encryption.key.new`) before the transaction commits, so no moment exists where the database
 * needs a key that is nowhere.
 */
import { copyFile, chmod, rename, rm } from 'node:fs/promises';
import type { Sql } from 'postgres';
import { listCredentialRows, lockCredentialsTable, resealCredentialRow } from '../db/credentials';
import type { EncryptionKey } from './crypto';
import { keyFilePath, writeKeyFile, type KeyStore } from './keys';
import { openValues, sealValues, type CredentialValues } from './sealed-values';
import { resealStoredDocuments } from '../db/step-secrets';
import { resealStepSecrets, SEALED_PATTERN } from './step-secrets-at-rest';

export interface RotationResult {
  count: number;
  oldKeyId: string | null;
  newKeyId: string;
  /** Where the new key was written; null when the key comes from TASKMASTER_ENCRYPTION_KEY. */
  keyFile: string | null;
  /** Where the old key file was kept; null when there was none. */
  backupFile: string | null;
}

export class RotationError extends Error {}

/** `20250131-142501`: sorts by time and is safe in a file name. */
function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/-/g, '')
    .replace('T', '-')
    .replace(/:/g, '');
}

export async function rotateEncryptionKey(
  sql: Sql,
  keys: KeyStore,
  dataDir: string,
  newKey: EncryptionKey,
  now = new Date(),
): Promise<RotationResult> {
  const oldKey = await keys.read();
  if (oldKey?.id === newKey.id) throw new RotationError('The new key is the key in use already: nothing to do.');
  const file = keys.fromEnv ? null : keyFilePath(dataDir);
  const pending = file && `${file}.new`;
  const backup = file && oldKey ? `${file}.old-${stamp(now)}` : null;
  if (pending) await writeKeyFile(pending, newKey);
  if (file && backup) {
    await copyFile(file, backup);
    await chmod(backup, 0o600);
  }
  let count: number;
  try {
    count = await sql.begin(async (tx) => {
      // Locked, so a credential saved meanwhile waits and is not left with the old key.
      await lockCredentialsTable(tx);
      const rows = await listCredentialRows(tx);
      for (const row of rows) {
        if (!oldKey) throw new RotationError(`There is no encryption key to open "${row.name}" with.`);
        let values: CredentialValues;
        try {
          values = openValues(oldKey, row);
        } catch {
          throw new RotationError(
            `The saved credential "${row.name}" can't be decrypted with the current key, so nothing was changed. Delete it (or fix the key) and try again.`,
          );
        }
        await resealCredentialRow(tx, row.id, sealValues(newKey, row.id, values));
      }
      // Secrets typed into steps, in every stored document (step-secrets-at-rest.ts).
      if (oldKey) await resealStoredDocuments(tx, SEALED_PATTERN, (document) => resealStepSecrets(document, oldKey, newKey));
      return rows.length;
    });
  } catch (error) {
    if (pending) await rm(pending, { force: true });
    if (backup) await rm(backup, { force: true });
    throw error;
  }
  if (file && pending) await rename(pending, file);
  return { count, oldKeyId: oldKey?.id ?? null, newKeyId: newKey.id, keyFile: file, backupFile: backup };
}

/**
 * The start-up check: TaskMaster refuses to run with a key that can't open the credentials
 * already saved, instead of failing later, node by node, in the middle of runs.
 */
import type { Sql } from 'postgres';
import { ConfigError } from '../errors';
import { countByKeyId } from '../db/credentials';
import { KEY_ENV, type KeyStore } from './keys';

function credentialsWord(count: number): string {
  return count === 1 ? '1 credential' : `${count} credentials`;
}

/**
 * Throws a ConfigError (shown as a settings problem) when saved credentials were encrypted with
 * another key. Key ids are compared, not records opened: one damaged record must not keep
 * TaskMaster from starting (it is reported when used, and can be deleted).
 */
export async function checkEncryptionKey(sql: Sql, keys: KeyStore): Promise<void> {
  const counts = await countByKeyId(sql);
  if (counts.length === 0) return;
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const restore = keys.fromEnv
    ? `Set ${KEY_ENV} to the original key`
    : `Set ${KEY_ENV} to the original key, or put the original key file back at ${keys.source}`;
  const key = await keys.read();
  if (!key) {
    throw new ConfigError([
      `There is no encryption key (${keys.source} is missing), but ${credentialsWord(total)} ${total === 1 ? 'was' : 'were'} saved with one. ${restore}.`,
    ]);
  }
  const foreign = counts.filter((c) => c.keyId !== key.id).reduce((sum, c) => sum + c.count, 0);
  if (foreign > 0) {
    throw new ConfigError([
      `The encryption key does not match the one used to store ${credentialsWord(foreign)}. ${restore}. (The key in use has the id ${key.id}; the credentials need ${counts
        .filter((c) => c.keyId !== key.id)
        .map((c) => c.keyId)
        .join(', ')}.)`,
    ]);
  }
}

/**
 * The start of `npm start`, the CLI and the SDK: checks the key against the saved credentials
 * and, with `create`, makes the key file on the very first start. On failure the database just
 * opened (and an embedded server this process started) is stopped before the error goes up.
 */
export async function prepareEncryptionKey(
  database: { sql: Sql; stop(): Promise<void> },
  keys: KeyStore,
  { create = false, log = () => {} }: { create?: boolean; log?: (message: string) => void } = {},
): Promise<void> {
  try {
    await checkEncryptionKey(database.sql, keys);
    if (create && !(await keys.read())) {
      await keys.current();
      log(`Made a new encryption key for saved credentials: ${keys.source}. Back it up with your data: without it, they can't be read.`);
    }
  } catch (error) {
    await database.stop().catch(() => {});
    throw error;
  }
}

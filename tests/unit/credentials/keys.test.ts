import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKey } from '../../../server/credentials/crypto';
import { keyStoreFor } from '../../../server/credentials/keys';
import { loadConfig } from '../../../server/config';
import { ConfigError } from '../../../server/errors';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-keys-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('encryption key store', () => {
  it('makes the key file on first use, owner-only, and reads the same key after', async () => {
    const keys = keyStoreFor({ dataDir });
    expect(await keys.read()).toBeNull();
    const made = await keys.current();
    const file = path.join(dataDir, 'encryption.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await keys.read())?.id).toBe(made.id);
    expect((await keyStoreFor({ dataDir }).current()).id).toBe(made.id);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toEqual(made.bytes);
  });

  it('gives every caller the same key when several make it at once', async () => {
    const ids = await Promise.all(
      Array.from({ length: 8 }, () =>
        keyStoreFor({ dataDir })
          .current()
          .then((k) => k.id),
      ),
    );
    expect(new Set(ids).size).toBe(1);
  });

  it('prefers TASKMASTER_ENCRYPTION_KEY, and writes no file then', async () => {
    const key = generateKey();
    const keys = keyStoreFor({ dataDir, encryptionKey: key.bytes.toString('hex') });
    expect(keys.fromEnv).toBe(true);
    expect((await keys.current()).id).toBe(key.id);
    await expect(stat(path.join(dataDir, 'encryption.key'))).rejects.toThrow();
  });

  it('names a damaged key file', async () => {
    await writeFile(path.join(dataDir, 'encryption.key'), 'not a key\n');
    await expect(keyStoreFor({ dataDir }).read()).rejects.toThrow(
      `The encryption key file ${path.join(dataDir, 'encryption.key')} is not a valid encryption key`,
    );
  });

  it('reports a bad TASKMASTER_ENCRYPTION_KEY as a settings problem, without echoing it', () => {
    let error: unknown;
    try {
      loadConfig({ TASKMASTER_ENCRYPTION_KEY: 'hunter2-not-a-key' }, dataDir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('TASKMASTER_ENCRYPTION_KEY is not a valid encryption key');
    expect((error as Error).message).not.toContain('hunter2');
  });
});

/**
 * Where the encryption key comes from: TASKMASTER_ENCRYPTION_KEY when set, else the file
 * `<dataDir>/encryption.key`, made (owner-only, mode 0600) the first time a key is needed.
 * The source is read again on every use, so after `credentials rotate-key` a running
 * TaskMaster picks up the new key file without a restart.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateKey, formatKey, parseKey, type EncryptionKey } from './crypto';

export const KEY_FILE_NAME = 'encryption.key';
export const KEY_ENV = 'TASKMASTER_ENCRYPTION_KEY';

export interface KeySettings {
  dataDir: string;
  /** The text of TASKMASTER_ENCRYPTION_KEY, when set. */
  encryptionKey?: string;
}

export interface KeyStore {
  /** Where the key comes from, for messages: the variable's name or the file's path. */
  readonly source: string;
  readonly fromEnv: boolean;
  /** The key, or null when there is none yet (no variable, no file). */
  read(): Promise<EncryptionKey | null>;
  /** The key new records are encrypted with; the key file is made when there is none. */
  current(): Promise<EncryptionKey>;
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

/**
 * Writes a key file readable by its owner only, whole or not at all: readers never see a
 * half-written key. `exclusive`: fail with EEXIST when the file exists.
 */
export async function writeKeyFile(file: string, key: EncryptionKey, { exclusive = false } = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${formatKey(key)}\n`, { mode: 0o600, flag: 'wx' });
    // `mode` is narrowed by the umask, never widened; set it exactly.
    await chmod(temp, 0o600);
    if (exclusive) await link(temp, file);
    else await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}

export function keyStoreFor(settings: KeySettings): KeyStore {
  const envText = settings.encryptionKey?.trim() ? settings.encryptionKey : undefined;
  if (envText !== undefined) {
    // Parsed at once: a bad variable is a settings mistake to report at start.
    const key = parseKey(envText, KEY_ENV);
    return { source: KEY_ENV, fromEnv: true, read: async () => key, current: async () => key };
  }
  const file = keyFilePath(settings.dataDir);
  const read = async (): Promise<EncryptionKey | null> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`The encryption key file ${file} can't be read: ${(error as Error).message}`, { cause: error });
    }
    return parseKey(text, `The encryption key file ${file}`);
  };
  return {
    source: file,
    fromEnv: false,
    read,
    async current() {
      const existing = await read();
      if (existing) return existing;
      const key = generateKey();
      try {
        await writeKeyFile(file, key, { exclusive: true });
        return key;
      } catch (error) {
        // Another process made it first: use theirs.
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          const theirs = await read();
          if (theirs) return theirs;
        }
        throw error;
      }
    },
  };
}

/** A store for one fixed key (tests, scripts). */
export function fixedKeyStore(key: EncryptionKey): KeyStore {
  return { source: 'the given key', fromEnv: true, read: async () => key, current: async () => key };
}

/** A store whose settings are read on first use: contexts that never touch credentials never read them. */
export function lazyKeyStore(settings: () => KeySettings): KeyStore {
  let inner: KeyStore | undefined;
  const get = () => (inner ??= keyStoreFor(settings()));
  return {
    get source() {
      return get().source;
    },
    get fromEnv() {
      return get().fromEnv;
    },
    read: async () => get().read(),
    current: async () => get().current(),
  };
}

/**
 * The encryption key as users meet it from the command line: `taskmaster` refusing to start
 * with the wrong key, and `taskmaster credentials rotate-key` re-encrypting everything.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, parseKey } from '../../server/credentials/crypto';
import { keyStoreFor } from '../../server/credentials/keys';
import { openValues } from '../../server/credentials/sealed-values';
import { createCredential } from '../../server/credentials/service';
import { listCredentialRows } from '../../server/db/credentials';
import { getNodeType } from '../../nodes';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'taskmaster.mjs');
const SECRET = `s3cr3t-${randomBytes(8).toString('hex')}`;

let database: TestDatabase;
let workDir: string;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-cred-cli-'));
  dataDir = path.join(workDir, 'data');
  // Saved the way the web app saves them: with the key file of the data folder, made on first use.
  const deps = { sql: database.sql, keys: keyStoreFor({ dataDir }), lookup: getNodeType };
  for (const [name, token] of [
    ['First', SECRET],
    ['Second', `${SECRET}-2`],
  ]) {
    const saved = await createCredential(deps, { name, type: 'http-bearer', values: { token } });
    expect(saved.saved).toBe(true);
  }
});

afterAll(async () => {
  await database?.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: workDir,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        TASKMASTER_DATA_DIR: dataDir,
        TASKMASTER_ENCRYPTION_KEY: '',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const keyFile = () => path.join(dataDir, 'encryption.key');
const readKey = async (file: string) => parseKey(await readFile(file, 'utf8'), file);

describe('the encryption key on the command line', () => {
  it('lists credentials with the secrets that are set, never their values', async () => {
    const { code, stdout } = await cli(['credentials', 'list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/First\s+http-bearer\s+token/);
    expect(stdout).not.toContain(SECRET);
  });

  it('refuses to start with another key, saying how to fix it', async () => {
    const wrong = generateKey().bytes.toString('base64');
    const { code, stderr } = await cli(['list'], { TASKMASTER_ENCRYPTION_KEY: wrong });
    expect(code).toBe(2);
    expect(stderr).toContain(
      'The encryption key does not match the one used to store 2 credentials. Set TASKMASTER_ENCRYPTION_KEY to the original key',
    );
    expect(stderr).not.toContain(wrong);
    expect(stderr).not.toContain('    at ');
  });

  it('refuses a malformed TASKMASTER_ENCRYPTION_KEY without repeating it', async () => {
    const { code, stderr } = await cli(['list'], { TASKMASTER_ENCRYPTION_KEY: 'hunter2hunter2' });
    expect(code).toBe(2);
    expect(stderr).toContain('TASKMASTER_ENCRYPTION_KEY is not a valid encryption key');
    expect(stderr).not.toContain('hunter2');
  });

  it('rotate-key re-encrypts every credential: the new key opens them, the old one no longer does', async () => {
    const oldKey = await readKey(keyFile());
    const { code, stdout, stderr } = await cli(['credentials', 'rotate-key']);
    expect(stderr).not.toContain('Error');
    expect(code).toBe(0);
    const newKey = await readKey(keyFile());
    expect(newKey.id).not.toBe(oldKey.id);
    expect(stdout).toContain(`Re-encrypted 2 credentials with the new key ${newKey.id} (was ${oldKey.id}).`);
    expect((await stat(keyFile())).mode & 0o777).toBe(0o600);

    const backups = (await readdir(dataDir)).filter((f) => f.startsWith('encryption.key.old-'));
    expect(backups).toHaveLength(1);
    expect((await readKey(path.join(dataDir, backups[0]))).id).toBe(oldKey.id);
    expect((await stat(path.join(dataDir, backups[0]))).mode & 0o777).toBe(0o600);
    expect(stdout).toContain(backups[0]);

    const rows = await listCredentialRows(database.sql);
    expect(rows.map((r) => r.keyId)).toEqual([newKey.id, newKey.id]);
    expect(rows.map((r) => openValues(newKey, r).token)).toEqual([SECRET, `${SECRET}-2`]);
    for (const row of rows) expect(() => openValues(oldKey, row)).toThrow();

    // And TaskMaster starts with the new key file.
    expect((await cli(['credentials', 'list'])).code).toBe(0);
  });

  it('asks for --new-key when the key comes from TASKMASTER_ENCRYPTION_KEY, and uses it', async () => {
    const current = (await readKey(keyFile())).bytes.toString('hex');
    const refused = await cli(['credentials', 'rotate-key'], { TASKMASTER_ENCRYPTION_KEY: current });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('give the new one with --new-key');

    const next = generateKey();
    const rotated = await cli(['credentials', 'rotate-key', '--new-key', next.bytes.toString('base64')], {
      TASKMASTER_ENCRYPTION_KEY: current,
    });
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('Now set TASKMASTER_ENCRYPTION_KEY to the new key');
    expect((await listCredentialRows(database.sql)).map((r) => r.keyId)).toEqual([next.id, next.id]);
    // The key file was not touched: it is the variable that changes.
    expect((await readKey(keyFile())).bytes.toString('hex')).toBe(current);
    expect((await cli(['credentials', 'list'], { TASKMASTER_ENCRYPTION_KEY: next.bytes.toString('hex') })).code).toBe(0);
  });
});

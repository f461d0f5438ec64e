/**
 * Paths typed into file steps stay in the data folder, links included: a symlink planted in the
 * folder once let Load CSV read the encryption key beside it and Save CSV write elsewhere.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataPath } from '../../nodes/lib/files';

let dataDir: string;
let filesDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-paths-'));
  filesDir = path.join(dataDir, 'files');
  mkdirSync(path.join(filesDir, 'reports'), { recursive: true });
  writeFileSync(path.join(dataDir, 'encryption.key'), 'secret key');
  symlinkSync(path.join(dataDir, 'encryption.key'), path.join(filesDir, 'key.csv'));
  symlinkSync(os.tmpdir(), path.join(filesDir, 'elsewhere'));
  symlinkSync(path.join(filesDir, 'reports'), path.join(filesDir, 'latest'));
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('resolveDataPath', () => {
  it('gives plain paths inside the folder, existing or new', () => {
    expect(resolveDataPath(filesDir, 'reports/out.csv')).toBe(path.join(filesDir, 'reports', 'out.csv'));
    expect(resolveDataPath(filesDir, 'new/folder/out.csv')).toBe(path.join(filesDir, 'new', 'folder', 'out.csv'));
  });

  it('refuses ../ and absolute paths elsewhere', () => {
    expect(() => resolveDataPath(filesDir, '../encryption.key')).toThrow('is outside the data folder');
    expect(() => resolveDataPath(filesDir, '/etc/passwd')).toThrow('is outside the data folder');
  });

  it('refuses a link that leads out, for reading and for writing through it', () => {
    expect(() => resolveDataPath(filesDir, 'key.csv')).toThrow('goes through a link (symlink) that leads outside the data folder');
    expect(() => resolveDataPath(filesDir, 'elsewhere/out.csv')).toThrow('goes through a link');
  });

  it('allows a link that stays inside the folder', () => {
    expect(resolveDataPath(filesDir, 'latest/out.csv')).toBe(path.join(filesDir, 'latest', 'out.csv'));
  });
});

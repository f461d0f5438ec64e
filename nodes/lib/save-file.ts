/**
 * Writing a file into the data folder for the Save nodes: the path field, what to do when the
 * file exists, and a write that never leaves a half-written file behind when replacing one.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { field, type Item } from '../types';
import { resolveDataPath } from './files';

export function savePathField(extension: string) {
  const message = `Enter the path to save to inside the data folder, like reports/out.${extension}.`;
  return field(z.string({ error: message }).trim().min(1, message), {
    label: 'File path',
    help:
      `Where to save, inside the data folder, like reports/out.${extension}. Missing folders are created. ` +
      `To make a new file each run, add an expression: reports/out-{{ $now }}.${extension}.`,
    placeholder: `reports/out.${extension}`,
  });
}

export const IF_EXISTS = ['overwrite', 'fail', 'append'] as const;
export type IfExists = (typeof IF_EXISTS)[number];

export const ifExistsField = () =>
  field(z.enum(IF_EXISTS).default('overwrite'), {
    label: 'If the file already exists',
    widget: 'select',
    optionLabels: { overwrite: 'Replace it', fail: 'Stop with an error', append: 'Add the items to the end of it' },
  });

export interface SaveTarget {
  /** What the user typed, for messages. */
  userPath: string;
  full: string;
  /** Relative to the data folder, with forward slashes: what the inspector offers to download. */
  relative: string;
  /** Size of the existing file, or undefined when there is none. */
  existingSize: number | undefined;
}

/** Resolves the path inside the data folder, creates its folders, and applies "fail if it exists". */
export async function prepareTarget(dataDir: string, userPath: string, ifExists: IfExists): Promise<SaveTarget> {
  const full = resolveDataPath(dataDir, userPath);
  const relative = path.relative(path.resolve(dataDir), full).split(path.sep).join('/');
  if (relative === '') throw new Error(`"${userPath}" is the data folder itself. Add a file name, like ${userPath || '.'}/out.csv.`);
  let existingSize: number | undefined;
  try {
    const info = await stat(full);
    if (info.isDirectory()) throw new Error(`"${userPath}" is a folder. Add a file name to the path, like ${userPath}/out.csv.`);
    existingSize = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw error;
  }
  if (existingSize !== undefined && ifExists === 'fail') throw existsError(userPath);
  try {
    await mkdir(path.dirname(full), { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new Error(`A folder for "${userPath}" can't be created because a file has the same name as one of its folders.`);
    }
    throw error;
  }
  return { userPath, full, relative, existingSize };
}

function existsError(userPath: string): Error {
  return new Error(
    `The file "${userPath}" already exists. Choose another path, or set "If the file already exists" to replace it or add to it.`,
  );
}

/** The last byte of a file, to know whether appended rows need a line break first. */
export async function lastByte(full: string, size: number): Promise<number | undefined> {
  if (size === 0) return undefined;
  const handle = await open(full, 'r');
  try {
    const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0];
  } finally {
    await handle.close();
  }
}

/**
 * Runs `write` with a stream to the target. Replacing writes to a temporary file renamed at
 * the end, so a failed or cancelled run leaves the old file intact; a new file that fails
 * half-way is removed.
 */
export async function writeTarget(
  target: SaveTarget,
  mode: 'replace' | 'create' | 'append',
  write: (file: WriteStream) => Promise<void>,
): Promise<void> {
  const temp = path.join(path.dirname(target.full), `.${path.basename(target.full)}.${randomBytes(4).toString('hex')}.tmp`);
  const destination = mode === 'replace' ? temp : target.full;
  const file = createWriteStream(destination, { flags: mode === 'create' ? 'wx' : mode === 'append' ? 'a' : 'w' });
  try {
    await write(file);
    if (mode === 'replace') await rename(temp, target.full);
  } catch (error) {
    file.destroy();
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(target.userPath);
    if (mode !== 'append') await unlink(destination).catch(() => undefined);
    throw error;
  }
}

/** The one item a Save node outputs, so later steps (and the inspector) can find the file. */
export async function savedItem(target: SaveTarget, rows: number): Promise<Item> {
  const { size } = await stat(target.full);
  return { path: target.relative, fullPath: target.full, rows, bytes: size };
}

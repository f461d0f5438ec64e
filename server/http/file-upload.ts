/**
 * Uploads into the data folder, for the Upload button of Load CSV / Load JSON:
 * `POST /api/files/upload?name=<file name>` with the file as the body. The file is streamed to
 * disk (never held in memory) under `uploads/`, with a new name when one is taken, so an upload
 * never overwrites anything; the answer is `{ path, bytes }`, the path the step then reads.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, unlink } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { resolveDataPath } from '../../nodes/lib/files';

export const UPLOAD_PATH = '/api/files/upload';
/**
 * Browsers send this header only from our own pages: a custom header makes a cross-site request
 * ask first (CORS preflight), which this server never allows, so other sites can't upload.
 */
export const UPLOAD_HEADER = 'x-taskmaster-upload';
const UPLOAD_FOLDER = 'uploads';
/** Default largest upload: 1 GB (Load CSV reads large files piece by piece). */
export const MAX_UPLOAD_BYTES = 1024 ** 3;

export function isUploadPath(url: string): boolean {
  return url === UPLOAD_PATH || url.startsWith(`${UPLOAD_PATH}?`);
}

/** A plain file name: no folders, no control characters, not hidden; `upload` when nothing is left. */
export function safeFileName(raw: string): string {
  const base = path.basename(raw.replaceAll('\\', '/'));
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f/]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 150);
  return cleaned || 'upload';
}

class TooLarge extends Error {}

/** Answers an upload; never throws (problems are answered in plain words). */
export async function serveUpload(
  filesDir: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<void> {
  const answer = (status: number, body: unknown) => {
    if (res.headersSent) return void res.end();
    // The request may still be streaming in (a refused or too large one): close after answering.
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'POST') return answer(405, { error: 'Send the file with POST.' });
  if (req.headers[UPLOAD_HEADER] !== '1') return answer(403, { error: 'Uploads are accepted from TaskMaster’s own pages only.' });
  const raw = new URL(req.url ?? '/', 'http://x').searchParams.get('name');
  if (!raw) return answer(400, { error: 'Say the file’s name: ?name=orders.csv.' });
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    return answer(413, { error: `The file is larger than the ${formatBytes(maxBytes)} an upload may have.` });
  }

  const name = safeFileName(raw);
  const folder = resolveDataPath(filesDir, UPLOAD_FOLDER);
  // Written under a temporary name, then linked to a free name: a half-written upload is never
  // visible under its real name, and two uploads of the same name both keep their file.
  const temp = path.join(folder, `.upload-${randomBytes(6).toString('hex')}`);
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? new TooLarge() : null, chunk);
    },
  });
  try {
    await mkdir(folder, { recursive: true });
    await pipeline(req, count, createWriteStream(temp, { flags: 'wx' }));
    const relative = await linkToFreeName(folder, temp, name);
    answer(200, { path: `${UPLOAD_FOLDER}/${relative}`, bytes });
  } catch (error) {
    if (error instanceof TooLarge) answer(413, { error: `The file is larger than the ${formatBytes(maxBytes)} an upload may have.` });
    else answer(500, { error: 'The file could not be stored in the data folder.' });
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/** Links `temp` as `name`, or `name-2`, `name-3`… when taken; returns the name used. */
async function linkToFreeName(folder: string, temp: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? name : `${stem}-${n}${ext}`;
    try {
      await link(temp, path.join(folder, candidate)); // fails when the name exists: no overwrite
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error('no free name');
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  return bytes >= 1024 ** 2 ? `${+(bytes / 1024 ** 2).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

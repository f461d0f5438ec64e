/**
 * Downloads of the files steps saved in the data folder (Save CSV, Save JSON, Browser download),
 * for the inspector's Download link: `/api/files/download?run=<run id>&node=<node id>`. Only a
 * file a stored step result names can be fetched, never any path a request makes up.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { resolveDataPath } from '../../nodes/lib/files';
import { isPlainObject } from '../../nodes/lib/values';
import { latestStepResult } from '../db/saved-files';

export const DOWNLOAD_PATH = '/api/files/download';

/** The output field that names the saved file, per step type. */
const FILE_FIELD: Record<string, string> = {
  'save-csv': 'path',
  'save-json': 'path',
  'browser-download': 'file',
  'browser-screenshot': 'file',
};

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
};

export function isDownloadPath(url: string): boolean {
  return url === DOWNLOAD_PATH || url.startsWith(`${DOWNLOAD_PATH}?`);
}

const querySchema = z.object({ run: z.string().min(1).max(100), node: z.string().min(1).max(200) });

class DownloadProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The saved file's path inside the data folder, as the step's stored result names it. */
async function savedFileOf(sql: Sql, runId: string, nodeId: string): Promise<string> {
  const result = await latestStepResult(sql, runId, nodeId);
  if (!result) throw new DownloadProblem(404, 'This step has no result in that run.');
  const fieldName = result.type ? FILE_FIELD[result.type] : undefined;
  if (!fieldName) throw new DownloadProblem(404, 'This step does not save a file.');
  if (result.status !== 'succeeded') throw new DownloadProblem(404, 'This step did not finish, so it saved no file.');
  const preview = isPlainObject(result.outputPreview) ? result.outputPreview : {};
  const first: unknown = Array.isArray(preview.main) ? preview.main[0] : undefined;
  const file = isPlainObject(first) ? first[fieldName] : undefined;
  if (typeof file !== 'string' || file === '') throw new DownloadProblem(404, 'This step’s result names no file.');
  return file;
}

/** Answers a download request; never throws (problems are answered in plain words). */
export async function serveDownload(
  sql: Sql,
  filesDir: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  /** Whether the person may see the run (its workflow shared with them; server/auth/access.ts). */
  mayRead: (runId: string) => Promise<boolean> = async () => true,
): Promise<void> {
  const plain = (status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(message);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'Use GET to download a file.');
  const query = querySchema.safeParse(Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams));
  if (!query.success) return plain(400, 'Say which run and step the file comes from: ?run=<run id>&node=<step id>.');
  try {
    if (!(await mayRead(query.data.run))) throw new DownloadProblem(404, 'This step has no result in that run.');
    const relative = await savedFileOf(sql, query.data.run, query.data.node);
    let full: string;
    try {
      full = resolveDataPath(filesDir, relative);
    } catch {
      throw new DownloadProblem(404, 'The file is outside the data folder.');
    }
    const info = await stat(full).catch(() => null);
    if (!info?.isFile())
      throw new DownloadProblem(404, `The file "${relative}" is no longer in the data folder (moved or deleted since the run).`);
    const name = path.basename(full);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
      'content-length': info.size,
      // RFC 6266: an ASCII fallback plus the UTF-8 name, so names like "café.csv" survive.
      'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(full);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  } catch (error) {
    if (error instanceof DownloadProblem) return plain(error.status, error.message);
    plain(500, 'The file could not be read.');
  }
}

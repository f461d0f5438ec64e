/**
 * Reading a webhook request: the body within its size limit, parsed by content type; the query;
 * headers without the ones that carry credentials; and the secret check.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { describeTextFault, findTextProblems } from '../../core/text-check';

export type BodyResult = { ok: true; body: unknown } | { ok: false; message: string };

/** Headers never copied into run data: they carry the caller's credentials. */
const PRIVATE_HEADERS = new Set(['cookie', 'authorization', 'proxy-authorization']);

/** Parses a body by its content type: JSON, form fields, text; anything else as base64. Empty: null. */
export function parseBody(raw: Buffer, contentType: string | undefined): BodyResult {
  if (raw.length === 0) return { ok: true, body: null };
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { ok: true, body: JSON.parse(raw.toString('utf8')) as unknown };
    } catch (err) {
      return { ok: false, message: `The body is not valid JSON: ${(err as Error).message}` };
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { ok: true, body: groupParams(new URLSearchParams(raw.toString('utf8'))) };
  if (type === '' || type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml')) {
    return { ok: true, body: raw.toString('utf8') };
  }
  return { ok: true, body: { contentType: type, base64: raw.toString('base64') } };
}

/** Query or form fields as an object; a name given more than once becomes a list. */
export function groupParams(params: URLSearchParams): Record<string, string | string[]> {
  // No prototype: a field named __proto__ is kept like any other.
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of params) {
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** Lower-case headers, without cookies, authorization and the webhook's own secret header. */
export function publicHeaders(headers: http.IncomingHttpHeaders, secretHeader: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || PRIVATE_HEADERS.has(name) || (secretHeader !== '' && name === secretHeader)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Compares in constant time (hashes first, so the lengths give nothing away either). */
export function secretMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export type ReadResult = { ok: true; raw: Buffer } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false; message: string };

/** Reads the whole body, stopping as soon as it passes `limit` bytes. */
export function readBody(req: http.IncomingMessage, limit: number): Promise<ReadResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, tooLarge: true });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: ReadResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) finish({ ok: false, tooLarge: true });
      else chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, raw: Buffer.concat(chunks, size) }));
    req.on('error', (err) => finish({ ok: false, tooLarge: false, message: err.message }));
  });
}

/**
 * Why a request's data can't start a run (a NUL character or broken character the database can't
 * store, nesting deeper than any real payload), in plain words; null when it can.
 */
export function payloadProblem(payload: unknown): string | null {
  const [problem] = findTextProblems(payload, 1);
  if (!problem) return null;
  const [part, ...rest] = problem.path;
  const keys = rest.slice(0, 6).map((key) => String(key).replace(/[\u0000\ud800-\udfff]/g, '?'));
  const shown = keys.join('.') + (rest.length > keys.length ? '…' : '');
  return `The request's ${String(part ?? 'data')}${shown ? ` (at "${shown}")` : ''} ${describeTextFault(problem.fault)}`;
}

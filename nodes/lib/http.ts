/** Building requests and reading responses for the HTTP request node, kept apart from its form. */
import { isPlainObject, toText } from './values';
import type { KeyValueRow } from './fields';

export type BodyType = 'none' | 'json' | 'form' | 'raw';
export type ResponseFormat = 'auto' | 'json' | 'text';

/** Each filled-in row as name/value pairs; a list value repeats the name (`?tag=a&tag=b`). */
function pairs(rows: KeyValueRow[]): [string, string][] {
  return rows
    .filter((row) => row.name.trim() !== '')
    .flatMap((row) => {
      const values = Array.isArray(row.value) ? row.value : [row.value];
      return values.map((value): [string, string] => [row.name.trim(), toText(value)]);
    });
}

export function buildUrl(address: string, query: KeyValueRow[]): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error(`"${address}" is not a full web address: it should start with http:// or https://.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${address}" is not a web address: it should start with http:// or https://.`);
  }
  // fetch refuses such URLs with a cryptic message, and they would end up in the logs.
  if (url.username || url.password) {
    throw new Error('Put the user name and password under Authentication, not in the web address.');
  }
  for (const [name, value] of pairs(query)) url.searchParams.append(name, value);
  return url;
}

/** Header values are never part of the message: they often hold secrets. */
export function setHeader(headers: Headers, name: string, value: string): void {
  try {
    headers.set(name, value);
  } catch {
    throw new Error(
      `The header "${name}" can't be sent: its name or value contains characters that are not allowed (like spaces in the name, or line breaks).`,
    );
  }
}

export function buildHeaders(rows: KeyValueRow[]): Headers {
  const headers = new Headers();
  for (const [name, value] of pairs(rows)) setHeader(headers, name, value);
  return headers;
}

function formFrom(body: unknown): URLSearchParams {
  if (Array.isArray(body) && body.every((row) => isPlainObject(row) && typeof row.name === 'string')) {
    return new URLSearchParams(pairs(body as KeyValueRow[]));
  }
  if (isPlainObject(body)) {
    return new URLSearchParams(pairs(Object.entries(body).map(([name, value]) => ({ name, value }))));
  }
  throw new Error('The form body should be name=value pairs (like a=1&b=2) or an object.');
}

/** The body to send for the chosen type; also sets Content-Type unless the user set one. */
export function encodeBody(type: BodyType, body: unknown, headers: Headers): string | undefined {
  if (type === 'none') return undefined;
  if (body === undefined || body === null || (typeof body === 'string' && body.trim() === '')) {
    throw new Error('The body is empty: enter what to send, or set "Body" to None.');
  }
  const contentType = (value: string) => {
    if (!headers.has('content-type')) headers.set('content-type', value);
  };
  if (type === 'json') {
    contentType('application/json');
    if (typeof body !== 'string') return JSON.stringify(body);
    try {
      JSON.parse(body);
    } catch (error) {
      throw new Error(`The body is not valid JSON (${(error as Error).message}).`);
    }
    return body;
  }
  if (type === 'form') {
    contentType('application/x-www-form-urlencoded');
    if (typeof body !== 'string') return formFrom(body).toString();
    // People often type JSON here too; it is unambiguous, so accept it.
    if (body.trim().startsWith('{')) {
      try {
        return formFrom(JSON.parse(body)).toString();
      } catch {
        throw new Error('The form body looks like JSON but is not valid JSON.');
      }
    }
    return body.trim();
  }
  contentType('text/plain; charset=utf-8');
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** Parses the response text per the chosen format; `auto` trusts the Content-Type header. */
export function decodeBody(text: string, contentType: string, format: ResponseFormat, warn: (message: string) => void): unknown {
  if (format === 'text') return text;
  const looksJson = /[/+]json\b/i.test(contentType);
  if (format === 'auto' && !looksJson) return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    if (format === 'json') throw new Error(`The answer is not valid JSON: ${text.slice(0, 200)}`);
    warn('The answer says it is JSON but is not valid JSON; it is kept as text.');
    return text;
  }
}

/**
 * The same for every attempt of this request in this run (a step that was running when a
 * process died runs again): APIs that honour the `Idempotency-Key` header (Stripe, many payment
 * and messaging APIs) ignore the repeat.
 */
export function idempotencyKeyOf(ctx: { run: { id: string }; node: { id: string } }, itemIndex: number): string {
  return `${ctx.run.id}:${ctx.node.id}:${itemIndex}`;
}

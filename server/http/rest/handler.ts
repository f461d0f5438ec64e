/**
 * Serves /api/v1: finds the route, checks the API key (Authorization: Bearer) and its scope,
 * parses the request with the route's zod schemas, calls the app's tRPC procedure as the key's
 * user and answers JSON. Every error is `{ error: { code, message, path } }` with a 4xx status
 * (a 500 says only that the server failed; the details go to the log).
 */
import type http from 'node:http';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { apiKeyPrincipal, bearerToken, scopeAllows } from '../../auth/api-keys';
import type { Principal } from '../../auth/principal';
import type { AppContext } from '../../context';
import { readBody } from '../../triggers/webhook-request';
import { createCaller } from '../../trpc/app-router';
import { errorIdOf, internalErrorMessage, loggableDetails } from '../../observability/error-id';
import { FEATURE_OFF_TEXT } from '../../../core/features';
import { readSettings } from '../../settings/service';
import { restDocument } from './openapi';
import { REST_ROUTES, type RestRoute } from './routes';

export const REST_BASE = '/api/v1';
const BODY_LIMIT = 60 * 1024 * 1024;

class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string | null = null,
  ) {
    super(message);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

const compiled = REST_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${REST_BASE}${route.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

/** The route for a method and path, or a 404/405 RestError. */
function findRoute(method: string, pathname: string): { route: RestRoute; params: Record<string, string> } {
  const hits = compiled.filter((c) => c.pattern.test(pathname));
  if (hits.length === 0)
    throw new RestError(404, 'NOT_FOUND', `There is no endpoint ${pathname}. The list is at ${REST_BASE}/openapi.json.`);
  const hit = hits.find((c) => c.route.method === method.toLowerCase());
  if (!hit) {
    const allowed = hits.map((c) => c.route.method.toUpperCase()).join(', ');
    throw new RestError(405, 'METHOD_NOT_SUPPORTED', `${pathname} answers ${allowed}, not ${method}.`);
  }
  const groups = hit.pattern.exec(pathname)?.groups ?? {};
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(groups)) {
    try {
      params[key] = decodeURIComponent(value);
    } catch {
      throw new RestError(400, 'BAD_REQUEST', `The ${key} in the address is not readable.`, `params.${key}`);
    }
  }
  return { route: hit.route, params };
}

const issueText = (issues: z.core.$ZodIssue[], where: string) => {
  const first = issues[0];
  const path = [where, ...first.path.map(String)].join('.');
  return new RestError(400, 'BAD_REQUEST', `"${path}": ${first.message}`, path);
};

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return {};
  const result = schema.safeParse(value);
  if (!result.success) throw issueText(result.error.issues, where);
  return result.data;
}

function queryObject(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

async function bodyOf(req: http.IncomingMessage): Promise<unknown> {
  const read = await readBody(req, BODY_LIMIT);
  if (!read.ok)
    throw read.tooLarge
      ? new RestError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 60 MB.')
      : new RestError(400, 'BAD_REQUEST', 'The request body could not be read.');
  const text = read.raw.toString('utf8');
  if (text.trim() === '') return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json')
    throw new RestError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON (content-type: application/json).');
  try {
    return JSON.parse(text);
  } catch {
    throw new RestError(400, 'BAD_REQUEST', 'The request body is not valid JSON.', 'body');
  }
}

async function authenticate(ctx: AppContext, req: http.IncomingMessage, route: RestRoute): Promise<Principal> {
  const key = bearerToken(req.headers.authorization);
  if (!key) throw new RestError(401, 'UNAUTHORIZED', 'Send an API key as "Authorization: Bearer <key>". Make one on the API keys page.');
  const who = await apiKeyPrincipal(ctx, key);
  if (!who)
    throw new RestError(401, 'UNAUTHORIZED', 'This API key is not valid: it is unknown, revoked or expired, or its user was deactivated.');
  if (!scopeAllows(who.scopes ?? [], route.scope)) {
    throw new RestError(
      403,
      'FORBIDDEN',
      `This API key has the scopes ${(who.scopes ?? []).join(', ') || 'none'}; this needs the "${route.scope}" scope. Make a key with it on the API keys page.`,
    );
  }
  return who;
}

/** A 500 that says only that the server failed, with an id the log has too. */
function internal(error: object): RestError {
  return new RestError(500, 'INTERNAL_SERVER_ERROR', internalErrorMessage(errorIdOf(error)));
}

/** A tRPC error as our error; anything else is a 500 without details. */
function fromTrpc(error: TRPCError): RestError {
  const status = getHTTPStatusCodeFromError(error);
  if (status >= 500) return internal(error);
  if (error.cause instanceof z.ZodError) {
    const issue = error.cause.issues[0];
    const path = issue?.path.length ? issue.path.map(String).join('.') : null;
    return new RestError(status, error.code, `${path ? `"${path}": ` : ''}${issue?.message ?? 'The input is not right.'}`, path);
  }
  return new RestError(status, error.code, error.message);
}

export interface RestApiOptions {
  ctx: AppContext;
  publicUrl?: string;
  log?: (message: string) => void;
}

export function createRestApi({ ctx, publicUrl, log }: RestApiOptions) {
  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname === `${REST_BASE}/openapi.json` && method === 'GET')
      return send(res, 200, restDocument(), { 'cache-control': 'no-cache' });
    const { route, params } = findRoute(method, url.pathname);
    // Switched off (Settings → Features): refused before the key is even looked at.
    if (!(await readSettings(ctx.sql)).settings.publicApiEnabled) throw new RestError(403, 'FORBIDDEN', FEATURE_OFF_TEXT.publicApiEnabled);
    const who = await authenticate(ctx, req, route);
    const input = {
      params: parse(route.params, params, 'params'),
      query: parse(route.query, queryObject(url.searchParams), 'query'),
      body: route.body ? parse(route.body, await bodyOf(req), 'body') : {},
    };
    const api = createCaller({
      ...ctx,
      principal: who,
      publicUrl,
      requestOrigin: req.headers.host ? `http://${req.headers.host}` : undefined,
    });
    send(res, route.status, await route.call(api, input, who));
  }

  return {
    matches: (url: string) => url === REST_BASE || url.startsWith(`${REST_BASE}/`) || url.startsWith(`${REST_BASE}?`),
    handle(req: http.IncomingMessage, res: http.ServerResponse): void {
      serve(req, res).catch((error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        const answer = failure instanceof RestError ? failure : failure instanceof TRPCError ? fromTrpc(failure) : internal(failure);
        // The path only (a query string may carry input); details without statement parameters.
        if (answer.status >= 500)
          log?.(
            `REST API error on ${req.method} ${(req.url ?? '').split('?')[0]} (error id ${errorIdOf(failure)}): ${loggableDetails(failure)}`,
          );
        if (res.headersSent) return void res.end();
        const headers: Record<string, string> = answer.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
        send(res, answer.status, { error: { code: answer.code, message: answer.message, path: answer.path } }, headers);
      });
    },
  };
}

/**
 * Talking to OpenAI's API (or a service with the same API: a gateway, a local model server) for
 * the OpenAI node: the saved key, requests that wait out rate limits, errors in plain words.
 */
import { z } from 'zod';
import openaiApiKey from '../credentials/openai-api-key';
import type { NodeContext } from '../types';
import { fetchWithRateLimit, formatWait, retryAfterMs, type RateLimitVerdict } from './rate-limit';

export type OpenAICredential = z.output<typeof openaiApiKey.schema>;

type Ctx = Pick<NodeContext<unknown>, 'credentials' | 'fetch' | 'signal' | 'sleep' | 'log'>;

const savedKey = openaiApiKey.schema.extend({ type: z.literal('openai-api-key') });

export async function loadOpenAICredential(ctx: Ctx, id: string): Promise<OpenAICredential> {
  const parsed = savedKey.safeParse(await ctx.credentials.get(id));
  if (!parsed.success) {
    throw new Error('The saved API key is incomplete: open it under Credentials, fill in every field and save it again.');
  }
  return parsed.data;
}

/** "OpenAI" for OpenAI itself; other services by their address, so messages don't blame OpenAI. */
export function serviceName(cred: OpenAICredential): string {
  const host = new URL(cred.baseUrl).host;
  return host === 'api.openai.com' ? 'OpenAI' : `The AI service at ${host}`;
}

/** "6m0s", "1.5s", "20ms" (OpenAI's x-ratelimit-reset-* headers) in milliseconds. */
export function parseDuration(value: string): number | null {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let rest = value.trim();
  if (rest === '') return null;
  for (const match of value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(match[1]) * units[match[2]];
    rest = rest.replace(match[0], '');
  }
  return rest === '' ? Math.ceil(total) : null;
}

/**
 * A 429 is a rate limit, except when the account has no credit left (`insufficient_quota`):
 * waiting would not help. The wait: `retry-after-ms`, `Retry-After`, else the reset of the
 * limit (requests or tokens) that is used up.
 */
export async function openAIVerdict(response: Response, now = Date.now()): Promise<RateLimitVerdict> {
  if (response.status !== 429) return { limited: false, waitMs: null };
  const body = await response
    .clone()
    .text()
    .catch(() => '');
  if (body.includes('insufficient_quota')) return { limited: false, waitMs: null };
  const headers = response.headers;
  const ms = headers.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return { limited: true, waitMs: Math.ceil(Number(ms)) };
  const retryAfter = retryAfterMs(headers, now);
  if (retryAfter !== null) return { limited: true, waitMs: retryAfter };
  const resets = ['requests', 'tokens']
    .filter((kind) => headers.get(`x-ratelimit-remaining-${kind}`)?.trim() === '0')
    .map((kind) => parseDuration(headers.get(`x-ratelimit-reset-${kind}`) ?? ''))
    .filter((wait): wait is number => wait !== null);
  return { limited: true, waitMs: resets.length ? Math.max(...resets) : null };
}

const errorBody = z.object({
  error: z.object({ message: z.string().optional(), code: z.union([z.string(), z.number()]).nullish(), type: z.string().nullish() }),
});

export interface ApiError {
  message: string;
  code: string;
}

function errorOf(text: string): ApiError {
  try {
    const parsed = errorBody.safeParse(JSON.parse(text));
    if (parsed.success)
      return { message: parsed.data.error.message ?? '', code: String(parsed.data.error.code ?? parsed.data.error.type ?? '') };
  } catch {
    // not JSON: the text itself says what went wrong
  }
  return { message: text.trim().slice(0, 300), code: '' };
}

export function openAIError(service: string, status: number, text: string, model: string): Error {
  const { message, code } = errorOf(text);
  const tail = message ? ` It said: ${message.slice(0, 300)}` : '';
  if (status === 401) {
    return new Error(
      `${service} refused the API key (status 401): it is wrong or was revoked. Make a new key and save it under Credentials.${tail}`,
    );
  }
  if (status === 403)
    return new Error(`${service} did not allow this (status 403): the key, its project or your country may not use this.${tail}`);
  if (status === 404 || code === 'model_not_found') {
    return code === 'model_not_found' || /model/i.test(message)
      ? new Error(`${service} has no model "${model}", or this key may not use it (status ${status}). Check the model name.${tail}`)
      : new Error(
          `${service} has nothing at this address (status 404): check the API address in the credential (it usually ends in /v1).${tail}`,
        );
  }
  if (status === 429 && code === 'insufficient_quota') {
    return new Error(
      `${service} refused: the account has no credit left (status 429). Add credit or raise the limit in the account's billing settings.${tail}`,
    );
  }
  if (status === 400) return new Error(`${service} did not accept the request (status 400).${tail}`);
  if (status >= 500) return new Error(`${service} had a problem of its own (status ${status}). Try again later.${tail}`);
  return new Error(`${service} answered with status ${status}.${tail}`);
}

/** POSTs JSON to `path` below the API address and returns the answer's JSON. */
export async function openAIRequest(ctx: Ctx, cred: OpenAICredential, path: string, body: Record<string, unknown>): Promise<unknown> {
  const service = serviceName(cred);
  const url = new URL(`${cred.baseUrl.replace(/\/+$/, '')}${path}`);
  const headers: Record<string, string> = { authorization: `Bearer ${cred.key}`, 'content-type': 'application/json' };
  if (cred.organization) headers['openai-organization'] = cred.organization;
  const model = typeof body.model === 'string' ? body.model : '';
  // Address and model only: the messages may hold private data, the headers hold the key.
  ctx.log.info(`${service}: POST ${url.href} (model ${model})`);
  let response: Response;
  let text: string;
  let gaveUp: { reason: 'too-long' | 'tries'; waitMs: number } | undefined;
  try {
    ({ response, gaveUp } = await fetchWithRateLimit(ctx, url, { method: 'POST', headers, body: JSON.stringify(body) }, service, (r) =>
      openAIVerdict(r),
    ));
    text = await response.text();
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
    // The Settings page's outbound rules say in their own words where to change them.
    if ((error as Error).name === 'OutboundBlockedError') throw error;
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new Error(`Could not reach ${url.host}: ${cause}. Check the API address in the credential.`);
  }
  if (gaveUp) {
    throw new Error(
      gaveUp.reason === 'too-long'
        ? `${service} asks to wait ${formatWait(gaveUp.waitMs)} because of its rate limit, longer than this step waits. Run it again later, or set it to try again in "When this step fails".`
        : `${service} kept refusing requests because of its rate limit (status 429), also after waiting. Run the step again later, or send fewer items at once.`,
    );
  }
  if (response.status >= 400) throw openAIError(service, response.status, text, model);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${service}'s answer is not JSON: is the API address in the credential right? It usually ends in /v1.`);
  }
}

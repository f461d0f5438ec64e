import { z } from 'zod';
import { defineNode, field, MAIN, type Item, type NodeContext } from './types';
import { credentialField } from './lib/credential-field';
import { keyValueList } from './lib/fields';
import { applyCredential, HTTP_CREDENTIAL_TYPES } from './lib/http-credentials';
import { buildHeaders, buildUrl, decodeBody, encodeBody, idempotencyKeyOf, setHeader } from './lib/http';
import { fetchAllPages, itemsFromPages, paginationFields, splitEntriesOf, type Page } from './lib/http-pagination';

const URL_REQUIRED = 'Enter the web address (URL) to call.';

const config = z
  .object({
    method: field(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET'), {
      label: 'Method',
      help: 'GET reads, POST creates, PUT/PATCH change, DELETE removes. The service you call tells you which one.',
      widget: 'select',
    }),
    url: field(z.string({ error: URL_REQUIRED }).trim().min(1, URL_REQUIRED), {
      label: 'Web address (URL)',
      placeholder: 'https://api.example.com/orders',
    }),
    query: keyValueList({ label: 'Query parameters', help: 'Added to the address after "?", like ?page=2.' }),
    headers: keyValueList({ label: 'Headers', help: 'Extra information sent with the request, like Accept.' }),
    bodyType: field(z.enum(['none', 'json', 'form', 'raw']).default('none'), {
      label: 'Body',
      widget: 'select',
      optionLabels: { none: 'None', json: 'JSON', form: 'Form fields', raw: 'Plain text' },
    }),
    body: field(z.unknown().optional(), {
      label: 'Body content',
      help: 'JSON: the JSON text, or an expression giving an object. Form fields: a=1&b=2, or an object. Plain text: sent as it is.',
      widget: 'textarea',
      showWhen: { bodyType: ['json', 'form', 'raw'] },
    }),
    auth: field(z.enum(['none', 'credential', 'bearer', 'basic', 'headerKey']).default('none'), {
      label: 'Authentication',
      widget: 'select',
      optionLabels: {
        none: 'None',
        credential: 'Use a saved credential',
        bearer: 'Bearer token',
        basic: 'User name and password',
        headerKey: 'Key in a header',
      },
    }),
    credential: credentialField(HTTP_CREDENTIAL_TYPES, {
      label: 'Saved credential',
      help: 'A token, password, API key or OAuth2 client saved under Credentials: it stays encrypted and out of the workflow.',
      showWhen: { auth: ['credential'] },
    }),
    token: field(z.string().default(''), { label: 'Token', widget: 'secret', showWhen: { auth: ['bearer'] } }),
    user: field(z.string().default(''), { label: 'User name', showWhen: { auth: ['basic'] } }),
    password: field(z.string().default(''), { label: 'Password', widget: 'secret', showWhen: { auth: ['basic'] } }),
    headerName: field(z.string().default(''), { label: 'Header name', placeholder: 'X-API-Key', showWhen: { auth: ['headerKey'] } }),
    headerValue: field(z.string().default(''), { label: 'Header value', widget: 'secret', showWhen: { auth: ['headerKey'] } }),
    responseFormat: field(z.enum(['auto', 'json', 'text']).default('auto'), {
      label: 'Read the answer as',
      widget: 'select',
      optionLabels: { auto: 'Detect automatically', json: 'JSON', text: 'Text' },
    }),
    splitArray: field(z.boolean().default(true), {
      label: 'One item per entry',
      help: 'On (the default, as in n8n): when the answer is a list, each entry goes on as its own item. Off: one item with the status, headers and whole answer.',
      widget: 'switch',
    }),
    itemsField: field(z.string().trim().default(''), {
      label: 'Field with the list of entries',
      help: 'Where the list is in the answer, like data or results, for "One item per entry" and for pages. Leave empty when the answer itself is a list.',
      placeholder: 'data',
      expressions: false,
    }),
    ...paginationFields(),
    timeoutMs: field(z.coerce.number({ error: 'Enter a number of milliseconds.' }).int().min(0).default(30_000), {
      label: 'Give up after (milliseconds)',
      help: '1000 is one second. 0 waits as long as the step is allowed to run.',
      widget: 'number',
    }),
    failOnHttpError: field(z.boolean().default(true), {
      label: 'Stop on error answers',
      help: 'When on, an answer with status 400 or higher (like 404 Not Found) stops the step.',
      widget: 'switch',
    }),
  })
  .superRefine((cfg, ctx) => {
    const need = (key: 'token' | 'user' | 'headerName', message: string) => {
      if (cfg[key].trim() === '') ctx.addIssue({ code: 'custom', path: [key], message });
    };
    if (cfg.auth === 'bearer') need('token', 'Enter the token.');
    if (cfg.auth === 'basic') need('user', 'Enter the user name.');
    if (cfg.auth === 'headerKey') need('headerName', 'Enter the name of the header that carries the key.');
    if (cfg.auth === 'credential' && cfg.credential === '') {
      ctx.addIssue({ code: 'custom', path: ['credential'], message: 'Choose a saved credential, or create one under Credentials.' });
    }
  });
type HttpConfig = z.output<typeof config>;

function requestFor(cfg: HttpConfig): { url: URL; headers: Headers; init: RequestInit } {
  const url = buildUrl(cfg.url, cfg.query);
  const headers = buildHeaders(cfg.headers);
  // Authentication is set last so a stray header row can't override it by accident.
  if (cfg.auth === 'bearer') setHeader(headers, 'authorization', `Bearer ${cfg.token}`);
  if (cfg.auth === 'basic') {
    setHeader(headers, 'authorization', `Basic ${Buffer.from(`${cfg.user}:${cfg.password}`).toString('base64')}`);
  }
  if (cfg.auth === 'headerKey') setHeader(headers, cfg.headerName.trim(), cfg.headerValue);
  if ((cfg.method === 'GET' || cfg.method === 'HEAD') && cfg.bodyType !== 'none') {
    throw new Error(`A ${cfg.method} request can't carry a body: set "Body" to None or choose another method.`);
  }
  const body = encodeBody(cfg.bodyType, cfg.body, headers);
  return { url, headers, init: { method: cfg.method, headers, body } };
}

/** A readable reason for a failed fetch; a cancelled run keeps its own reason so the engine sees it. */
function failure(error: unknown, where: string, cfg: HttpConfig, ctx: NodeContext<HttpConfig>, timeout?: AbortSignal) {
  if (ctx.signal.aborted) return ctx.signal.reason ?? error;
  if (timeout?.aborted) {
    return new Error(`${where} got no complete answer within ${cfg.timeoutMs} ms. Raise "Give up after" or try later.`);
  }
  // Node's fetch hides the real reason (refused, unknown host…) in `cause`.
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  return new Error(`${where} failed: ${cause ?? (error as Error).message}`);
}

/** Re-exported for tests: the key HTTP steps send (nodes/lib/http.ts). */
export { idempotencyKeyOf };

async function call(ctx: NodeContext<HttpConfig>, cfg: HttpConfig, itemIndex: number): Promise<Item[]> {
  const { url, headers, init } = requestFor(cfg);
  if (!headers.has('idempotency-key')) headers.set('idempotency-key', idempotencyKeyOf(ctx, itemIndex));
  const fetchPage = (pageUrl: URL) => fetchOne(ctx, cfg, pageUrl, new Headers(headers), init);
  const pages = cfg.pagination === 'none' ? [await fetchPage(url)] : await fetchAllPages(cfg, url, fetchPage, ctx.log);
  const items = itemsFromPages(pages, cfg.itemsField, cfg.splitArray);
  // Said in the log, so nobody wonders where the one item with status and body went.
  const entries = cfg.splitArray && pages.length === 1 ? splitEntriesOf(pages[0], cfg.itemsField)?.length : undefined;
  if (entries === 0) ctx.warn('The answer was an empty list, so no items went on and the steps after this one did not run.');
  else if (entries !== undefined) {
    ctx.log.info(
      `The answer was a list of ${entries} ${entries === 1 ? 'entry' : 'entries'}: each became its own item (turn off "One item per entry" for one item with the whole answer).`,
    );
  }
  return items;
}

/** One request and its decoded answer; `headers` is this request's own copy. */
async function fetchOne(ctx: NodeContext<HttpConfig>, cfg: HttpConfig, pageUrl: URL, headers: Headers, init: RequestInit): Promise<Page> {
  const url = new URL(pageUrl);
  const where = `${cfg.method} ${url.href}`;
  // Applied after `where` is set: an API key in the address must not reach logs or messages.
  const onRefused = cfg.auth === 'credential' ? await applyCredential(ctx, cfg.credential, url, headers) : () => {};
  // Only method and address: header values and bodies may hold secrets.
  ctx.log.info(where);
  const timeout = cfg.timeoutMs > 0 ? AbortSignal.timeout(cfg.timeoutMs) : undefined;
  const signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
  let response: Response;
  let text: string;
  try {
    response = await ctx.fetch(url, { ...init, headers, signal });
    text = await response.text();
  } catch (error) {
    throw failure(error, where, cfg, ctx, timeout);
  }
  if (response.status === 401) onRefused();
  if (response.status >= 400 && cfg.failOnHttpError) {
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new Error(`${where} answered with status ${status}: ${text.slice(0, 200) || '(empty answer)'}`);
  }
  const body = decodeBody(text, response.headers.get('content-type') ?? '', cfg.responseFormat, (m) => ctx.log.warn(`${where}: ${m}`));
  return { status: response.status, headers: response.headers, body };
}

export default defineNode({
  id: 'http-request',
  version: 1,
  category: 'action',
  group: 'API',
  displayName: 'HTTP request',
  description: 'Calls a web address (an API or a website) once per item and passes on the answer, following its pages when it has several.',
  icon: 'globe',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: {
    method: 'POST',
    url: 'https://api.example.com/orders',
    bodyType: 'json',
    body: '{ "id": "{{ $json.id }}" }',
    auth: 'bearer',
    // A token typed here is stored encrypted and never shown again; a saved credential can be shared.
    token: 'your-api-token',
  },
  async execute(ctx) {
    const out: Item[] = [];
    const items = ctx.inputs.main ?? [];
    // One at a time, in order: APIs often limit parallel calls, and results stay in item order.
    for (const [index, item] of items.entries()) {
      out.push(...(await call(ctx, ctx.configFor(item, index), index)));
    }
    return { outputs: { main: out } };
  },
});

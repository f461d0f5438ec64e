import { z } from 'zod';
import { defineNode, field, MAIN, type Item, type NodeContext } from './types';
import { buildUrl, decodeBody, idempotencyKeyOf, setHeader } from './lib/http';

const URL_REQUIRED = 'Enter the web address (URL) to send to.';
const DEFAULT_SECRET_HEADER = 'X-Webhook-Secret';

const config = z.object({
  url: field(z.string({ error: URL_REQUIRED }).trim().min(1, URL_REQUIRED), {
    label: 'Web address (URL)',
    help: 'The address the other service gave you for its webhook.',
    placeholder: 'https://hooks.example.com/orders',
  }),
  mode: field(z.enum(['each', 'all']).default('each'), {
    label: 'Send',
    help: 'One request per item sends each item as a JSON object. All items at once sends one JSON list.',
    widget: 'select',
    optionLabels: { each: 'One request per item', all: 'All items in one request' },
  }),
  secret: field(z.string().default(''), {
    label: 'Secret',
    help: 'Sent in a header so the receiver can check the request comes from you. Leave empty to send none.',
    widget: 'secret',
  }),
  secretHeader: field(z.string().trim().default(DEFAULT_SECRET_HEADER), {
    label: 'Secret header name',
    placeholder: DEFAULT_SECRET_HEADER,
  }),
  timeoutMs: field(z.coerce.number({ error: 'Enter a number of milliseconds.' }).int().min(0).default(30_000), {
    label: 'Give up after (milliseconds)',
    help: '1000 is one second. 0 waits as long as the step is allowed to run.',
    widget: 'number',
  }),
});
type WebhookConfig = z.output<typeof config>;

async function send(ctx: NodeContext<WebhookConfig>, cfg: WebhookConfig, payload: unknown, itemIndex: number): Promise<Item> {
  const url = buildUrl(cfg.url, []);
  const where = `POST ${url.href}`;
  const headers = new Headers({ 'content-type': 'application/json' });
  if (cfg.secret !== '') setHeader(headers, cfg.secretHeader || DEFAULT_SECRET_HEADER, cfg.secret);
  // A step running again after a crash sends the same key: receivers can ignore the repeat.
  headers.set('idempotency-key', idempotencyKeyOf(ctx, itemIndex));
  // Only the address: the secret header must never reach the logs.
  ctx.log.info(where);
  const timeout = cfg.timeoutMs > 0 ? AbortSignal.timeout(cfg.timeoutMs) : undefined;
  const signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
  let response: Response;
  let text: string;
  try {
    // Redirects are not followed: most turn a POST into a GET and the items would be lost.
    response = await ctx.fetch(url, { method: 'POST', headers, body: JSON.stringify(payload), signal, redirect: 'manual' });
    text = await response.text();
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
    if (timeout?.aborted) throw new Error(`${where} got no answer within ${cfg.timeoutMs} ms. Raise "Give up after" or try later.`);
    // Node's fetch hides the real reason (refused, unknown host…) in `cause`.
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new Error(`${where} failed: ${cause ?? (error as Error).message}`);
  }
  if (response.status < 200 || response.status > 299) {
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const moved = response.headers.get('location');
    if (moved) throw new Error(`${where} answered with status ${status}: the webhook moved to ${moved}. Use that address instead.`);
    throw new Error(`${where} answered with status ${status}: ${text.slice(0, 200) || '(empty answer)'}`);
  }
  const body = decodeBody(text, response.headers.get('content-type') ?? '', 'auto', (m) => ctx.log.warn(`${where}: ${m}`));
  return { status: response.status, body };
}

export default defineNode({
  id: 'send-webhook',
  version: 1,
  category: 'action',
  group: 'API',
  displayName: 'Send webhook',
  description: 'Posts the items as JSON to a web address, one request per item or all at once.',
  icon: 'webhook',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { url: 'https://hooks.example.com/orders', mode: 'each', secret: 'shared-signing-secret' },
  async execute(ctx) {
    const items = ctx.inputs.main ?? [];
    if (ctx.config.mode === 'all') return { outputs: { main: [await send(ctx, ctx.config, items, 0)] } };
    const out: Item[] = [];
    // One at a time, in order: receivers often expect events in the order they happened.
    for (const [index, item] of items.entries()) out.push(await send(ctx, ctx.configFor(item, index), item, index));
    return { outputs: { main: out } };
  },
});

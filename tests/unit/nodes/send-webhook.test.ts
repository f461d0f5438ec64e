import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import sendWebhook from '../../../nodes/send-webhook';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';

/** One request as the test server received it. */
interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

let server: Server;
let base: string;
let seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined });
      if (path === '/hook') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ received: true }));
      }
      if (path === '/accepted') {
        res.writeHead(202);
        return res.end();
      }
      if (path === '/broken') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end(`Database is down. ${'x'.repeat(500)}`);
      }
      if (path === '/moved') {
        res.writeHead(301, { location: 'https://hooks.example.com/new' });
        return res.end();
      }
      if (path === '/slow') return setTimeout(() => res.end('late'), 5_000);
      res.writeHead(404);
      res.end('no such hook');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

const orders: Item[] = [
  { id: 1, total: 9.5 },
  { id: 2, total: 20 },
];

describe('send-webhook', () => {
  it('posts each item as JSON, one request per item, and returns the answers', async () => {
    const out = await runNode(sendWebhook, { config: { url: `${base}/hook` }, inputs: { main: orders } });
    expect(seen.map((s) => [s.method, s.path, s.headers['content-type'], s.body])).toEqual([
      ['POST', '/hook', 'application/json', { id: 1, total: 9.5 }],
      ['POST', '/hook', 'application/json', { id: 2, total: 20 }],
    ]);
    expect(out.main).toEqual([
      { status: 200, body: { received: true } },
      { status: 200, body: { received: true } },
    ]);
  });

  it('posts all items as one JSON list when asked', async () => {
    const out = await runNode(sendWebhook, { config: { url: `${base}/accepted`, mode: 'all' }, inputs: { main: orders } });
    expect(seen).toHaveLength(1);
    expect(seen[0].body).toEqual(orders);
    expect(out.main).toEqual([{ status: 202, body: '' }]);
  });

  it('sends the secret in its header only when one is set, and never logs it', async () => {
    const { ctx, logs } = fakeCtx(sendWebhook, {
      config: { url: `${base}/hook`, secret: 'hush-123', secretHeader: 'X-Signature' },
      inputs: { main: [orders[0]] },
    });
    await sendWebhook.execute(ctx);
    await runNode(sendWebhook, { config: { url: `${base}/hook` }, inputs: { main: [orders[0]] } });
    expect(seen[0].headers['x-signature']).toBe('hush-123');
    expect(seen[1].headers['x-webhook-secret']).toBeUndefined();
    expect(logs).toEqual([{ level: 'info', message: `POST ${base}/hook` }]);
  });

  it('sends an Idempotency-Key of run, step and item, the same when the step runs again', async () => {
    const run = () => fakeCtx(sendWebhook, { config: { url: `${base}/hook` }, inputs: { main: orders } });
    const first = run().ctx;
    await sendWebhook.execute(first);
    await sendWebhook.execute(run().ctx);
    const keys = seen.map((s) => s.headers['idempotency-key']);
    expect(keys).toEqual([`${first.run.id}:${first.node.id}:0`, `${first.run.id}:${first.node.id}:1`, keys[0], keys[1]]);
  });

  it('uses each item’s own address when the address has an expression', async () => {
    const { ctx } = fakeCtx(sendWebhook, { config: { url: `${base}/hook` }, inputs: { main: orders } });
    ctx.configFor = (item) => sendWebhook.config.parse({ url: `${base}/hook?order=${String(item.id)}` });
    await sendWebhook.execute(ctx);
    expect(seen.map((s) => s.path)).toEqual(['/hook?order=1', '/hook?order=2']);
  });

  it('fails on an error answer with the status and the start of the answer', async () => {
    const run = runNode(sendWebhook, { config: { url: `${base}/broken` }, inputs: { main: orders } });
    await expect(run).rejects.toThrow(`POST ${base}/broken answered with status 500 Internal Server Error: Database is down. xxx`);
    const message = await run.catch((e: Error) => e.message);
    expect(message.length).toBeLessThan(300);
    // It stopped at the first failure: the second item was not sent.
    expect(seen).toHaveLength(1);
  });

  it('does not follow a redirect, and names the new address', async () => {
    const run = runNode(sendWebhook, { config: { url: `${base}/moved` }, inputs: { main: orders } });
    await expect(run).rejects.toThrow('answered with status 301 Moved Permanently: the webhook moved to https://hooks.example.com/new');
  });

  it('gives up after the timeout, and stops when the run is cancelled', async () => {
    const slow = runNode(sendWebhook, { config: { url: `${base}/slow`, timeoutMs: 100 }, inputs: { main: orders } });
    await expect(slow).rejects.toThrow(`POST ${base}/slow got no answer within 100 ms`);
    const { ctx, controller } = fakeCtx(sendWebhook, { config: { url: `${base}/slow` }, inputs: { main: orders } });
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    await expect(sendWebhook.execute(ctx)).rejects.toThrow('run cancelled');
  });

  it('names the reason when the receiver can not be reached', async () => {
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(spare.address() as AddressInfo).port}/hook`;
    await new Promise((resolve) => spare.close(resolve));
    await expect(runNode(sendWebhook, { config: { url }, inputs: { main: orders } })).rejects.toThrow(
      `POST ${url} failed: connect ECONNREFUSED`,
    );
  });

  it('requires a full web address', async () => {
    expect(sendWebhook.config.safeParse({}).error?.issues[0]).toMatchObject({
      path: ['url'],
      message: 'Enter the web address (URL) to send to.',
    });
    await expect(runNode(sendWebhook, { config: { url: 'hooks.example.com' }, inputs: { main: orders } })).rejects.toThrow(
      'should start with http:// or https://',
    );
  });
});

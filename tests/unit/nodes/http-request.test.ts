import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import httpRequest from '../../../nodes/http-request';
import { fakeCtx, runNode } from './fake-ctx';

/** What the test server saw, echoed back as JSON by /echo. */
interface Echo {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: Server;
let base: string;

function handle(req: IncomingMessage, res: ServerResponse, body: string) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const json = (status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  if (path === '/echo') return json(200, { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body } satisfies Echo);
  if (path === '/list') return json(200, [{ id: 1 }, { id: 2 }]);
  if (path === '/empty-list') return json(200, []);
  if (path === '/missing') return json(404, { error: 'no such order', padding: 'x'.repeat(500) });
  if (path === '/text') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end('plain words');
  }
  if (path === '/slow') return setTimeout(() => json(200, { late: true }), 5_000);
  json(500, { error: 'unexpected path' });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Calls /echo with the given config and returns what the server received. */
async function echo(config: Record<string, unknown>): Promise<Echo> {
  const out = await runNode(httpRequest, { config: { url: `${base}/echo`, ...config }, inputs: { main: [{}] } });
  return out.main[0].body as Echo;
}

describe('http-request', () => {
  it('sends an Idempotency-Key of run, step and item, the same when the step runs again; a header the user set wins', async () => {
    const twice = async () => {
      const out = await runNode(httpRequest, { config: { method: 'POST', url: `${base}/echo` }, inputs: { main: [{}, {}] } });
      return out.main.map((item) => (item.body as Echo).headers['idempotency-key']);
    };
    const first = await twice();
    expect(first[0]).toMatch(/^.+:.+:0$/);
    expect(first[1]).toMatch(/:1$/);
    expect(await twice()).toEqual(first);
    expect((await echo({ headers: [{ name: 'Idempotency-Key', value: 'mine' }] })).headers['idempotency-key']).toBe('mine');
  });

  it('sends the chosen method and returns status, headers and body', async () => {
    const out = await runNode(httpRequest, { config: { method: 'DELETE', url: `${base}/echo` }, inputs: { main: [{}] } });
    expect(out.main).toHaveLength(1);
    expect(out.main[0]).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' } });
    expect((out.main[0].body as Echo).method).toBe('DELETE');
  });

  it('adds query parameters to the address, repeating names for lists', async () => {
    const seen = await echo({
      url: `${base}/echo?page=2`,
      query: [
        { name: 'q', value: 'a b' },
        { name: 'tag', value: ['x', 'y'] },
        { name: '', value: 'ignored' },
      ],
    });
    expect(new URL(seen.url, base).searchParams.getAll('tag')).toEqual(['x', 'y']);
    expect(Object.fromEntries(new URL(seen.url, base).searchParams)).toEqual({ page: '2', q: 'a b', tag: 'y' });
  });

  it('sends a JSON body from text or from an object', async () => {
    const fromText = await echo({ method: 'POST', bodyType: 'json', body: '{"a":1}' });
    expect(fromText.headers['content-type']).toBe('application/json');
    expect(JSON.parse(fromText.body)).toEqual({ a: 1 });
    const fromObject = await echo({ method: 'PUT', bodyType: 'json', body: { a: [1, 2] } });
    expect(JSON.parse(fromObject.body)).toEqual({ a: [1, 2] });
  });

  it('sends form fields from text, an object or JSON text', async () => {
    const fromText = await echo({ method: 'POST', bodyType: 'form', body: 'a=1&b=two' });
    expect(fromText.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(fromText.body).toBe('a=1&b=two');
    expect((await echo({ method: 'POST', bodyType: 'form', body: { a: 1, b: 'x y' } })).body).toBe('a=1&b=x+y');
    expect((await echo({ method: 'POST', bodyType: 'form', body: '{"a": 1}' })).body).toBe('a=1');
  });

  it('sends a raw body as it is, keeping a Content-Type header set by the user', async () => {
    const seen = await echo({
      method: 'POST',
      bodyType: 'raw',
      body: '<x/>',
      headers: [{ name: 'Content-Type', value: 'application/xml' }],
    });
    expect(seen.body).toBe('<x/>');
    expect(seen.headers['content-type']).toBe('application/xml');
  });

  it('sends bearer, basic and header-key authentication', async () => {
    expect((await echo({ auth: 'bearer', token: 'tok123' })).headers.authorization).toBe('Bearer tok123');
    const basic = (await echo({ auth: 'basic', user: 'ada', password: 'pä55' })).headers.authorization;
    expect(basic).toBe(`Basic ${Buffer.from('ada:pä55').toString('base64')}`);
    expect((await echo({ auth: 'headerKey', headerName: 'X-Api-Key', headerValue: 'k1' })).headers['x-api-key']).toBe('k1');
  });

  it('logs the method and address but never header values', async () => {
    const { ctx, logs } = fakeCtx(httpRequest, {
      config: { url: `${base}/echo`, auth: 'bearer', token: 'secret-token', headers: [{ name: 'X-Key', value: 'secret-key' }] },
      inputs: { main: [{}] },
    });
    await httpRequest.execute(ctx);
    expect(logs.map((l) => l.message)).toEqual([`GET ${base}/echo`]);
    expect(JSON.stringify(logs)).not.toMatch(/secret/);
  });

  it('fails on a 404 with the status, the address and the start of the answer', async () => {
    const run = runNode(httpRequest, { config: { url: `${base}/missing` }, inputs: { main: [{}] } });
    await expect(run).rejects.toThrow(`GET ${base}/missing answered with status 404 Not Found: {"error":"no such order"`);
    const message = await run.catch((e: Error) => e.message);
    expect(message.length).toBeLessThan(300);
  });

  it('passes a 404 on as an item when "stop on error answers" is off', async () => {
    const out = await runNode(httpRequest, { config: { url: `${base}/missing`, failOnHttpError: false }, inputs: { main: [{}] } });
    expect(out.main[0]).toMatchObject({ status: 404, body: { error: 'no such order' } });
  });

  it('gives up after the timeout with a plain message', async () => {
    const run = runNode(httpRequest, { config: { url: `${base}/slow`, timeoutMs: 100 }, inputs: { main: [{}] } });
    await expect(run).rejects.toThrow(`GET ${base}/slow got no complete answer within 100 ms`);
  });

  it('stops when the run is cancelled', async () => {
    const { ctx, controller } = fakeCtx(httpRequest, { config: { url: `${base}/slow` }, inputs: { main: [{}] } });
    const running = httpRequest.execute(ctx);
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    await expect(running).rejects.toThrow('run cancelled');
  });

  it('reads text answers as text, and can force text for JSON', async () => {
    const text = await runNode(httpRequest, { config: { url: `${base}/text` }, inputs: { main: [{}] } });
    expect(text.main[0].body).toBe('plain words');
    const forced = await runNode(httpRequest, { config: { url: `${base}/list`, responseFormat: 'text' }, inputs: { main: [{}] } });
    expect(forced.main[0].body).toBe('[{"id":1},{"id":2}]');
    await expect(runNode(httpRequest, { config: { url: `${base}/text`, responseFormat: 'json' }, inputs: { main: [{}] } })).rejects.toThrow(
      'The answer is not valid JSON: plain words',
    );
  });

  it('splits a list answer into one item per entry by default (as n8n does), and says so in the log', async () => {
    const { ctx, logs } = fakeCtx(httpRequest, { config: { url: `${base}/list` }, inputs: { main: [{}] } });
    const split = (await httpRequest.execute(ctx)).outputs;
    expect(split.main).toEqual([{ id: 1 }, { id: 2 }]);
    expect(logs.map((l) => l.message)).toContain(
      'The answer was a list of 2 entries: each became its own item (turn off "One item per entry" for one item with the whole answer).',
    );
    const whole = await runNode(httpRequest, { config: { url: `${base}/list`, splitArray: false }, inputs: { main: [{}] } });
    expect(whole.main).toHaveLength(1);
    expect(whole.main[0]).toMatchObject({ status: 200, body: [{ id: 1 }, { id: 2 }] });
  });

  it('warns when the answer is an empty list: no items go on', async () => {
    const { ctx, warnings } = fakeCtx(httpRequest, { config: { url: `${base}/empty-list` }, inputs: { main: [{}] } });
    expect((await httpRequest.execute(ctx)).outputs.main).toEqual([]);
    expect(warnings).toEqual(['The answer was an empty list, so no items went on and the steps after this one did not run.']);
  });

  it('makes one request per input item with that item’s config', async () => {
    const { ctx } = fakeCtx(httpRequest, { config: { url: base }, inputs: { main: [{ id: 'a' }, { id: 'b' }] } });
    ctx.configFor = (item) => httpRequest.config.parse({ url: `${base}/echo?id=${String(item.id)}` });
    const { outputs } = await httpRequest.execute(ctx);
    expect(outputs.main.map((i) => (i.body as Echo).url)).toEqual(['/echo?id=a', '/echo?id=b']);
  });

  it('explains unusable settings in plain words', async () => {
    const run = (config: Record<string, unknown>) => runNode(httpRequest, { config, inputs: { main: [{}] } });
    await expect(run({ url: 'example.com' })).rejects.toThrow('should start with http:// or https://');
    await expect(run({ url: `${base}/echo`, bodyType: 'json', body: '{' })).rejects.toThrow(/A GET request can't carry a body/);
    await expect(run({ url: `${base}/echo`, method: 'POST', bodyType: 'json', body: '{' })).rejects.toThrow(/not valid JSON/);
    await expect(run({ url: `http://u:p@127.0.0.1/` })).rejects.toThrow(/under Authentication/);
    await expect(run({ url: `${base}/echo`, headers: [{ name: 'bad name', value: 'secret-v' }] })).rejects.toThrow(
      /The header "bad name" can't be sent/,
    );
  });

  it('names the reason when the server can not be reached', async () => {
    // A port that was just free: nothing listens there any more.
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(spare.address() as AddressInfo).port}/`;
    await new Promise((resolve) => spare.close(resolve));
    const run = runNode(httpRequest, { config: { url }, inputs: { main: [{}] } });
    await expect(run).rejects.toThrow(`GET ${url} failed: connect ECONNREFUSED`);
  });

  it('requires an address and the fields of the chosen authentication', () => {
    expect(httpRequest.config.safeParse({}).error?.issues[0]).toMatchObject({
      path: ['url'],
      message: 'Enter the web address (URL) to call.',
    });
    expect(httpRequest.config.safeParse({ url: ' ' }).error?.issues[0].message).toBe('Enter the web address (URL) to call.');
    expect(httpRequest.config.safeParse({ url: 'http://x', auth: 'bearer' }).error?.issues[0]).toMatchObject({ path: ['token'] });
  });
});

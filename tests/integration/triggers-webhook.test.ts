/**
 * Webhooks end to end: the real web server (API only), a real worker and Postgres. A workflow
 * is turned on through the API, then called over HTTP like an outside program would.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { startWebServer, type WebServer } from '../../server/http/server';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let web: WebServer;
let base: string;
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness({ max: 10, worker: { concurrency: 4 } });
  ctx = t.ctx;
  web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
  base = web.url.replace('localhost', '127.0.0.1');
  api = t.api;
});

afterAll(async () => {
  await web?.close();
  await t?.stop();
});

const set = (fields: Record<string, unknown>) => ({ fields: Object.entries(fields).map(([name, value]) => ({ name, value })) });

/** Saves and turns on a workflow, then waits until the web server listens at its path. */
async function activate(wf: WorkflowBuilder, path: string): Promise<string> {
  const { id } = await api.workflows.create({ document: wf.toDocument() });
  await api.workflows.setActive({ id, active: true });
  await waitForPath(path, (status) => status !== 404);
  return id;
}

/** OPTIONS is answered (204) by a listening webhook and 404 otherwise: a probe that starts no run. */
async function waitForPath(path: string, ok: (status: number) => boolean) {
  await expect
    .poll(async () => ok((await fetch(`${base}/webhook/${path}`, { method: 'OPTIONS' })).status), { timeout: 60_000, interval: 50 })
    .toBe(true);
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/webhook/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('webhook trigger', () => {
  it('answers 202 with the run id, and the run starts with the request as its item', async () => {
    //  hook ─► echo
    const wf = new WorkflowBuilder('orders in');
    wf.connect(wf.add('webhook-trigger', { path: 'orders/new' }, { id: 'hook' }), wf.add('no-op', {}, { id: 'echo' }));
    await activate(wf, 'orders/new');

    const started = Date.now();
    const res = await post(
      'orders/new?source=shop&tag=a&tag=b',
      { id: 42, items: ['book'] },
      { authorization: 'Bearer x', cookie: 'sid=1', 'x-shop': 'main' },
    );
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    expect(runId).toMatch(/^run_/);
    expect(await waitForRun(ctx.sql, runId, 20_000)).toBe('succeeded');
    const result = (await getRunResult(ctx.sql, runId))!;
    const item = result.nodes.hook.output.main[0];
    expect(item).toMatchObject({
      method: 'POST',
      path: 'orders/new',
      query: { source: 'shop', tag: ['a', 'b'] },
      body: { id: 42, items: ['book'] },
    });
    expect(item.headers).toMatchObject({ 'content-type': 'application/json', 'x-shop': 'main' });
    expect(item.headers).not.toHaveProperty('authorization');
    expect(item.headers).not.toHaveProperty('cookie');
    expect(result.nodes.echo.output.main).toEqual([item]);
    const [row] = await ctx.sql`select trigger_kind, trigger_node_id from runs where id = ${runId}`;
    expect(row).toEqual({ trigger_kind: 'webhook', trigger_node_id: 'hook' });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('reads form fields and plain text bodies', async () => {
    const wf = new WorkflowBuilder('forms');
    wf.add('webhook-trigger', { path: 'form', method: 'ANY' }, { id: 'hook' });
    await activate(wf, 'form');
    const form = await fetch(`${base}/webhook/form`, {
      method: 'PUT',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Ada&city=London',
    });
    expect(form.status).toBe(202);
    const text = await fetch(`${base}/webhook/form`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'just text' });
    const bodies = [];
    for (const res of [form, text]) {
      const { runId } = (await res.json()) as { runId: string };
      await waitForRun(ctx.sql, runId, 20_000);
      bodies.push((await getRunResult(ctx.sql, runId))!.nodes.hook.output.main[0].body);
    }
    expect(bodies).toEqual([{ name: 'Ada', city: 'London' }, 'just text']);
  });

  it('answers OPTIONS (a CORS preflight) on an any-method webhook without starting a run', async () => {
    const wf = new WorkflowBuilder('any method');
    wf.add('webhook-trigger', { path: 'any', method: 'ANY' }, { id: 'hook' });
    const id = await activate(wf, 'any');
    const runsOf = async () => Number((await ctx.sql`select count(*)::int as n from runs where workflow_id = ${id}`)[0].n);
    const preflight = await fetch(`${base}/webhook/any`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('allow')).toBe('POST, GET, PUT, PATCH, DELETE, OPTIONS');
    // A request that does start a run is stored before its answer, so the count is settled here.
    expect((await post('any', { real: true })).status).toBe(202);
    expect(await runsOf()).toBe(1);
    const postOnly = new WorkflowBuilder('post only');
    postOnly.add('webhook-trigger', { path: 'post-only' }, { id: 'hook' });
    await activate(postOnly, 'post-only');
    const posted = await fetch(`${base}/webhook/post-only`, { method: 'OPTIONS' });
    expect([posted.status, posted.headers.get('allow')]).toEqual([204, 'POST, OPTIONS']);
  });

  it('answers with the chosen node’s output when set to answer after the run', async () => {
    //  hook ─► greet ─► shout
    const wf = new WorkflowBuilder('greeter');
    const hook = wf.add('webhook-trigger', { path: 'greet', respond: 'whenDone', responseNodeId: 'greet' }, { id: 'hook' });
    const greet = wf.add('set-fields', set({ greeting: 'Hello {{ $json.body.name }}' }), { id: 'greet' });
    wf.connect(hook, greet).connect(greet, wf.add('set-fields', set({ loud: '{{ $json.greeting.toUpperCase() }}' }), { id: 'shout' }));
    await activate(wf, 'greet');
    const res = await post('greet', { name: 'Ada' });
    expect(res.status).toBe(200);
    const items = (await res.json()) as Array<Record<string, unknown>>;
    expect(items).toHaveLength(1);
    expect(items[0].greeting).toBe('Hello Ada');
    expect(items[0]).not.toHaveProperty('loud');
  });

  it('answers with the chosen status code, headers and body: first item, text, JSON or no data', async () => {
    //  hook ─► greet
    const answerWith = async (path: string, answer: Record<string, unknown>) => {
      const wf = new WorkflowBuilder(`answer ${path}`);
      const hook = wf.add(
        'webhook-trigger',
        { path, respond: 'whenDone', responseCode: 201, responseHeaders: [{ name: 'X-Answer', value: 'yes' }], ...answer },
        { id: 'hook' },
      );
      wf.connect(hook, wf.add('set-fields', set({ greeting: 'Hello {{ $json.body.name }}' }), { id: 'greet' }));
      await activate(wf, path);
      const res = await post(path, { name: 'Ada' });
      return { status: res.status, header: res.headers.get('x-answer'), type: res.headers.get('content-type'), text: await res.text() };
    };
    const first = await answerWith('answer-first', { responseData: 'firstItem' });
    expect(first).toMatchObject({ status: 201, header: 'yes', type: 'application/json; charset=utf-8' });
    expect(JSON.parse(first.text)).toMatchObject({ greeting: 'Hello Ada' });
    expect(await answerWith('answer-text', { responseData: 'text', responseBody: 'Thanks!' })).toEqual({
      status: 201,
      header: 'yes',
      type: 'text/plain; charset=utf-8',
      text: 'Thanks!',
    });
    const json = await answerWith('answer-json', { responseData: 'json', responseBody: '{"ok": true}' });
    expect([json.type, JSON.parse(json.text)]).toEqual(['application/json; charset=utf-8', { ok: true }]);
    expect(await answerWith('answer-none', { responseData: 'noData' })).toMatchObject({ status: 201, header: 'yes', text: '' });
  });

  it("works out {{ }} expressions in a text or JSON answer body from the answering step's items", async () => {
    //  hook ─► greet (answers)
    const answerWith = async (path: string, answer: Record<string, unknown>) => {
      const wf = new WorkflowBuilder(`expression answer ${path}`);
      const hook = wf.add('webhook-trigger', { path, respond: 'whenDone', ...answer }, { id: 'hook' });
      wf.connect(
        hook,
        wf.add('set-fields', set({ greeting: 'Hello {{ $json.body.name }}', total: '{{ $json.body.n * 2 }}' }), { id: 'greet' }),
      );
      await activate(wf, path);
      const res = await post(path, { name: 'Ada', n: 21 });
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    };
    // JSON text with expressions inside, as n8n's "JSON" answer is usually written.
    const inText = await answerWith('expr-json-text', {
      responseData: 'json',
      responseBody: '{"total": {{ $json.total }}, "who": "{{ $json.greeting }}", "run": "{{ $run.id }}"}',
    });
    expect(inText.status).toBe(200);
    const parsed = JSON.parse(inText.text) as { total: number; who: string; run: string };
    expect(parsed).toMatchObject({ total: 42, who: 'Hello Ada' });
    expect(parsed.run).toMatch(/^run_/);
    // One expression giving an object: sent as that JSON.
    const whole = await answerWith('expr-json-object', {
      responseData: 'json',
      responseBody: '{{ { ok: true, count: $items.length, name: $trigger.body.name } }}',
    });
    expect([whole.status, whole.type, JSON.parse(whole.text)]).toEqual([
      200,
      'application/json; charset=utf-8',
      { ok: true, count: 1, name: 'Ada' },
    ]);
    expect(
      await answerWith('expr-text', { responseData: 'text', responseBody: '{{ $json.greeting }}, your total is {{ $json.total }}.' }),
    ).toEqual({
      status: 200,
      type: 'text/plain; charset=utf-8',
      text: 'Hello Ada, your total is 42.',
    });
    // JSON that breaks once worked out (text without quotes) says so plainly.
    const broken = await answerWith('expr-json-broken', { responseData: 'json', responseBody: '{"who": {{ $json.greeting }}}' });
    expect(broken.status).toBe(500);
    expect(JSON.parse(broken.text).error).toContain('The answer body is not valid JSON once its expressions are worked out');
  });

  it('answers with the last node by default, and with the error when the run fails', async () => {
    //  hook ─► a ─► b
    const ok = new WorkflowBuilder('last node');
    const hook = ok.add('webhook-trigger', { path: 'last', respond: 'whenDone' }, { id: 'hook' });
    const a = ok.add('set-fields', set({ step: 'a' }), { id: 'a' });
    ok.connect(hook, a).connect(a, ok.add('set-fields', set({ step: 'b' }), { id: 'b' }));
    await activate(ok, 'last');
    const res = await post('last', { n: 1 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Array<Record<string, unknown>>)[0].step).toBe('b');

    //  hook ─► call (nothing listens there)
    const bad = new WorkflowBuilder('failing');
    bad.connect(
      bad.add('webhook-trigger', { path: 'failing', respond: 'whenDone' }, { id: 'hook' }),
      bad.add('http-request', { url: 'http://127.0.0.1:9/nothing' }, { id: 'call', name: 'Call shop' }),
    );
    await activate(bad, 'failing');
    const failed = await post('failing', {});
    expect(failed.status).toBe(500);
    const body = (await failed.json()) as { error: string; runId: string };
    expect(body.runId).toMatch(/^run_/);
    expect(body.error.length).toBeGreaterThan(0);
  });

  it('answers 504 when the run takes longer than the wait', async () => {
    const wf = new WorkflowBuilder('slow');
    wf.connect(
      wf.add('webhook-trigger', { path: 'slow', respond: 'whenDone', responseTimeoutSeconds: 1 }, { id: 'hook' }),
      wf.add('wait', { amount: 3, unit: 'seconds' }, { id: 'wait' }),
    );
    await activate(wf, 'slow');
    const res = await post('slow', {});
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: string }).error).toMatch(/did not finish within 1 seconds. It keeps running/);
  });

  it('refuses requests without the secret (401), with the wrong method (405) and too large (413)', async () => {
    const wf = new WorkflowBuilder('guarded');
    wf.add('webhook-trigger', { path: 'guarded', secretHeader: 'X-Hook-Secret', secretValue: 'open sesame', maxBodyKb: 1 }, { id: 'hook' });
    await activate(wf, 'guarded');
    const runsBefore = (await ctx.sql`select count(*)::int as n from runs`)[0].n as number;

    const noSecret = await post('guarded', { a: 1 });
    expect(noSecret.status).toBe(401);
    expect(await noSecret.json()).toEqual({ error: 'The request lacks the right secret in the "x-hook-secret" header.' });
    expect((await post('guarded', { a: 1 }, { 'x-hook-secret': 'open sesame!' })).status).toBe(401);

    const get = await fetch(`${base}/webhook/guarded`, { headers: { 'x-hook-secret': 'open sesame' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');

    const big = await post('guarded', { text: 'x'.repeat(2000) }, { 'x-hook-secret': 'open sesame' });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toBe('The request body is larger than this webhook accepts (1 KB).');
    expect((await ctx.sql`select count(*)::int as n from runs`)[0].n).toBe(runsBefore);

    const good = await post('guarded', { a: 1 }, { 'x-hook-secret': 'open sesame' });
    expect(good.status).toBe(202);
    const { runId } = (await good.json()) as { runId: string };
    const [row] = await ctx.sql`select trigger_payload from runs where id = ${runId}`;
    expect((row.trigger_payload as { headers: Record<string, string> }).headers).not.toHaveProperty('x-hook-secret');
  });

  it('refuses a body over the default 1 MB limit, also when streamed without a length', async () => {
    const wf = new WorkflowBuilder('default limit');
    wf.add('webhook-trigger', { path: 'limit' }, { id: 'hook' });
    await activate(wf, 'limit');
    const big = 'y'.repeat(1024 * 1024 + 10);
    expect((await fetch(`${base}/webhook/limit`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: big })).status).toBe(
      413,
    );
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new TextEncoder().encode('z'.repeat(512 * 1024)));
        controller.close();
      },
    });
    const streamed = await fetch(`${base}/webhook/limit`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('answers 404 for unknown addresses and for turned-off workflows; turning off stops the webhook', async () => {
    expect((await post('no/such/hook', {})).status).toBe(404);
    const wf = new WorkflowBuilder('switchable');
    wf.add('webhook-trigger', { path: 'switchable' }, { id: 'hook' });
    const id = await activate(wf, 'switchable');
    expect((await post('switchable', {})).status).toBe(202);
    await api.workflows.setActive({ id, active: false });
    await waitForPath('switchable', (status) => status === 404);
    const res = await post('switchable', {});
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe(
      'No active workflow listens at /webhook/switchable. Check the address, and that the workflow is turned on.',
    );
  });

  it('listens at the new path after a save, without turning the workflow off and on', async () => {
    const wf = new WorkflowBuilder('moving');
    wf.add('webhook-trigger', { path: 'before' }, { id: 'hook' });
    const id = await activate(wf, 'before');
    const saved = await api.workflows.get({ id });
    const doc = { ...saved.document, nodes: saved.document.nodes.map((n) => ({ ...n, config: { ...n.config, path: 'after' } })) };
    await api.workflows.save({ id, document: doc });
    await waitForPath('after', (status) => status !== 404);
    await waitForPath('before', (status) => status === 404);
  });

  it('refuses to turn on a workflow whose webhook address another active workflow uses', async () => {
    const first = new WorkflowBuilder('first');
    first.add('webhook-trigger', { path: 'shared' }, { id: 'hook' });
    await activate(first, 'shared');
    const second = new WorkflowBuilder('second');
    second.add('webhook-trigger', { path: 'shared' }, { id: 'other', name: 'Incoming' });
    const { id } = await api.workflows.create({ document: second.toDocument() });
    const err = await errorOf(api.workflows.setActive({ id, active: true }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('Webhook "Incoming": the address /webhook/shared is already used by the active workflow "first".');
    expect((await api.workflows.get({ id })).active).toBe(false);
    const info = await api.workflows.triggerInfo({ id });
    expect(info.webhooks).toEqual([
      {
        nodeId: 'other',
        url: '/webhook/shared',
        testUrl: '/webhook-test/shared',
        method: 'POST',
        problem: expect.stringContaining('already used'),
      },
    ]);
  });

  it('hands one request at the test address to whoever listens, without starting a run', async () => {
    const wf = new WorkflowBuilder('draft');
    wf.add('webhook-trigger', { path: 'draft-hook' }, { id: 'hook' });
    const { id } = await api.workflows.create({ document: wf.toDocument() });
    expect((await fetch(`${base}/webhook-test/draft-hook`, { method: 'POST' })).status).toBe(404);

    const listening = api.workflows.listenWebhookTest({ workflowId: id, nodeId: 'hook' });
    let res: Response | undefined;
    await expect
      .poll(
        async () => {
          res = await fetch(`${base}/webhook-test/draft-hook?x=1`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"sample":true}',
          });
          return res.status;
        },
        { timeout: 60_000, interval: 20 },
      )
      .toBe(200);
    expect(await res!.json()).toEqual({ message: 'TaskMaster received the test request.' });
    const result = await listening;
    expect(result).toMatchObject({ path: 'draft-hook', received: { method: 'POST', query: { x: '1' }, body: { sample: true } } });
    expect((await ctx.sql`select count(*)::int as n from runs where workflow_id = ${id}`)[0].n).toBe(0);
  });
});

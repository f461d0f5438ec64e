/**
 * Webhook caller checks with secrets kept in saved credentials: a GitHub-signed request is
 * accepted; a wrong signature, a replayed (old) Stripe-style timestamp, a missing header, a
 * wrong header token or Basic password get 401 and store nothing. The workflow document holds
 * only the credential's id, never the secret.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../server/http/server';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { type Harness, startHarness } from '../helpers/harness';

const SECRET = 'gh-webhook-secret-0123';
let t: Harness;
let ctx: Harness['ctx'];
let web: WebServer;
let base: string;
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness({ max: 10 });
  ctx = t.ctx;
  web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
  base = web.url.replace('localhost', '127.0.0.1');
  api = t.api;
});

afterAll(async () => {
  await web?.close();
  await t?.stop();
});

async function credential(type: string, values: Record<string, string>): Promise<string> {
  const made = await api.credentials.create({ name: `${type} ${Math.random()}`, type, values });
  if (!made.saved) throw new Error(JSON.stringify(made.problems));
  return made.id;
}

async function activate(path: string, config: Record<string, unknown>): Promise<string> {
  const wf = new WorkflowBuilder(path);
  wf.connect(wf.add('webhook-trigger', { path, ...config }, { id: 'hook' }), wf.add('no-op', {}, { id: 'echo' }));
  const { id } = await api.workflows.create({ document: wf.toDocument() });
  await api.workflows.setActive({ id, active: true });
  await expect
    .poll(async () => (await fetch(`${base}/webhook/${path}`, { method: 'OPTIONS' })).status, { timeout: 60_000, interval: 50 })
    .not.toBe(404);
  return id;
}

const runsOf = async (workflowId: string) =>
  Number((await ctx.sql`select count(*)::int as n from runs where workflow_id = ${workflowId}`)[0].n);
const send = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('webhook authentication', () => {
  it('accepts a correctly signed GitHub request and refuses a wrong or missing signature with 401, storing nothing', async () => {
    const signing = await credential('webhook-secret', { secret: SECRET });
    const id = await activate('github/push', { auth: 'github', signingCredential: signing });
    const body = JSON.stringify({ ref: 'refs/heads/main', commits: 3 });

    const wrong = await send('github/push', body, { 'x-hub-signature-256': sign(body, 'not-the-secret') });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'The X-Hub-Signature-256 signature does not match the body.' });
    const tampered = await send('github/push', body.replace('3', '4'), { 'x-hub-signature-256': sign(body) });
    expect(tampered.status).toBe(401);
    const missing = await send('github/push', body, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'The request has no X-Hub-Signature-256 header.' });
    expect(await runsOf(id)).toBe(0);

    const good = await send('github/push', body, { 'x-hub-signature-256': sign(body) });
    expect(good.status).toBe(202);
    const { runId } = (await good.json()) as { runId: string };
    expect(runId).toMatch(/^run_/);
    expect(await runsOf(id)).toBe(1);
    // Only the credential's id is in the workflow: the secret is nowhere in it.
    expect(JSON.stringify(await api.workflows.get({ id }))).not.toContain(SECRET);
    expect(JSON.stringify((await api.workflows.export({ id })).text)).not.toContain(SECRET);
  });

  it('refuses a replayed Stripe-style signature once it is older than the tolerance', async () => {
    const signing = await credential('webhook-secret', { secret: 'whsec_test' });
    const id = await activate('stripe/events', { auth: 'stripe', signingCredential: signing, toleranceSeconds: 300 });
    const body = JSON.stringify({ type: 'invoice.paid' });
    const header = (t: number, secret = 'whsec_test') => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
    const now = Math.floor(Date.now() / 1000);

    const old = await send('stripe/events', body, { 'stripe-signature': header(now - 600) });
    expect(old.status).toBe(401);
    expect(((await old.json()) as { error: string }).error).toContain('old or replayed');
    expect((await send('stripe/events', body, { 'stripe-signature': header(now, 'whsec_other') })).status).toBe(401);
    expect((await send('stripe/events', body, { 'stripe-signature': 'v1=abc' })).status).toBe(401);
    expect(await runsOf(id)).toBe(0);
    expect((await send('stripe/events', body, { 'stripe-signature': header(now) })).status).toBe(202);
    expect(await runsOf(id)).toBe(1);
  });

  it('checks a secret header token and Basic user/password in constant time; the token is not stored with the request', async () => {
    const token = await credential('api-key', { placement: 'header', name: 'X-Hook-Token', value: 'tok-123' });
    const hookId = await activate('token/in', { auth: 'header', headerCredential: token });
    expect((await send('token/in', '{}', { 'x-hook-token': 'tok-999' })).status).toBe(401);
    expect((await send('token/in', '{}', {})).status).toBe(401);
    const ok = await send('token/in', '{"a":1}', { 'x-hook-token': 'tok-123' });
    expect(ok.status).toBe(202);
    const { runId } = (await ok.json()) as { runId: string };
    const [run] = await ctx.sql`select trigger_payload::text as p from runs where id = ${runId}`;
    expect(String(run.p)).not.toContain('tok-123');
    expect(await runsOf(hookId)).toBe(1);

    const basic = await credential('http-basic', { user: 'shop', password: 'pa55' });
    const basicId = await activate('basic/in', { auth: 'basic', basicCredential: basic });
    const auth = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
    expect((await send('basic/in', '{}', auth('shop', 'wrong'))).status).toBe(401);
    expect((await send('basic/in', '{}', {})).status).toBe(401);
    expect((await send('basic/in', '{}', auth('shop', 'pa55'))).status).toBe(202);
    expect(await runsOf(basicId)).toBe(1);
  });

  it('won’t turn on a webhook whose check has no credential chosen', async () => {
    const wf = new WorkflowBuilder('no secret');
    wf.connect(wf.add('webhook-trigger', { path: 'nothing/chosen', auth: 'github' }, { id: 'hook' }), wf.add('no-op', {}, { id: 'echo' }));
    const { id } = await api.workflows.create({ document: wf.toDocument() });
    const refused = await api.workflows.setActive({ id, active: true }).catch((e: Error) => e.message);
    expect(String(refused)).toMatch(/Choose the saved credential|problem/i);
  });
});

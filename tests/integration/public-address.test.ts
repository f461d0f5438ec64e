/**
 * The public address (TASKMASTER_PUBLIC_URL, else Settings → Public address): share links,
 * webhook addresses and invitation links start with it, its host passes the Host check, and the
 * environment variable wins over the saved field.
 */
import http from 'node:http';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../server/http/server';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { createCaller } from '../../server/trpc/app-router';
import { callerAs, contextAs, cookieAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let web: WebServer;
let base: string;

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
  // No TASKMASTER_PUBLIC_URL in the test environment: the saved setting decides.
  web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
  base = web.url.replace('localhost', '127.0.0.1');
});

afterAll(async () => {
  await web?.close();
  await t?.stop();
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e)),
  );

async function webhookWorkflow(api: Awaited<ReturnType<typeof callerAs>>): Promise<string> {
  const wf = new WorkflowBuilder('Orders hook');
  wf.add('webhook-trigger', { path: 'orders' }, { id: 'hook' });
  return (await api.workflows.create({ document: wf.toDocument() })).id;
}

/** The status of a GET with this Host header (fetch() replaces Host with the URL's). */
function statusWithHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

/** A tRPC mutation over HTTP as the owner (the answer's messages are what the pages show). */
async function mutateOverHttp(procedure: string, input: unknown): Promise<Response> {
  const cookie = await cookieAs(ctx, 'owner');
  return fetch(`${base}/api/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input),
  });
}

const inviteOverHttp = (email: string) => mutateOverHttp('users.invite', { email, role: 'viewer' });

describe('public address', () => {
  it('without one, links use the address the request came to and the page uses its own', async () => {
    const owner = await callerAs(ctx, 'owner');
    const id = await webhookWorkflow(owner);
    expect((await owner.workflows.triggerInfo({ id })).publicUrl).toBeNull();
    expect((await owner.workflows.share({ id })).publicUrl).toBeNull();
    const res = await inviteOverHttp('first.guest@example.test');
    expect(res.status).toBe(200);
    const url: string = (await res.json()).result.data.url;
    expect(url.startsWith(`${base}/invite/`)).toBe(true);
    expect((await owner.settings.get()).publicUrlFromEnvironment).toBeNull();
  });

  it('Settings → Public address is used for share, webhook and invitation links, and its host is answered', async () => {
    const owner = await callerAs(ctx, 'owner');
    // Before it is set, that host is refused (and the refusal is what the Host check caches).
    expect(await statusWithHost('/api/health', 'tm.example.com')).toBe(421);

    const saved = await owner.settings.update({ publicUrl: 'https://tm.example.com/' });
    expect(saved.settings.publicUrl).toBe('https://tm.example.com');
    const id = await webhookWorkflow(owner);
    const info = await owner.workflows.triggerInfo({ id });
    expect(info.publicUrl).toBe('https://tm.example.com');
    expect(info.webhooks[0].url).toBe('/webhook/orders');
    const link = await owner.workflows.share({ id });
    expect(`${link.publicUrl}${link.url}`).toBe(`https://tm.example.com/share/${link.token}`);
    expect((await owner.workflows.shareStatus({ id }))?.publicUrl).toBe('https://tm.example.com');
    expect((await owner.users.invite({ email: 'second.guest@example.test', role: 'editor' })).url).toMatch(
      /^https:\/\/tm\.example\.com\/invite\/[\w-]{20,}$/,
    );
    const res = await inviteOverHttp('third.guest@example.test');
    expect((await res.json()).result.data.url).toMatch(/^https:\/\/tm\.example\.com\/invite\//);

    // The proxy's name now reaches TaskMaster (the Host check re-reads the setting within seconds).
    await expect.poll(() => statusWithHost('/api/health', 'tm.example.com'), { timeout: 60_000, interval: 250 }).toBe(200);
    expect(await statusWithHost('/api/health', 'other.example.com')).toBe(421);

    await owner.settings.update({ publicUrl: null });
    expect((await owner.workflows.triggerInfo({ id })).publicUrl).toBeNull();
  });

  it('refuses an address that is not http(s) in plain words, and only admins may set it', async () => {
    const owner = await callerAs(ctx, 'owner');
    for (const publicUrl of ['ftp://tm.example.com', 'tm.example.com']) {
      const res = await mutateOverHttp('settings.update', { publicUrl });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toBe(
        '"publicUrl": The public address must start with http:// or https://, like https://tm.example.com.',
      );
    }
    expect((await owner.settings.get()).settings.publicUrl).toBeNull();
    const editor = await callerAs(ctx, 'editor');
    expect(await codeOf(editor.settings.update({ publicUrl: 'https://evil.example.com' }))).toMatch(/^FORBIDDEN/);
    const admin = await callerAs(ctx, 'admin');
    expect((await admin.settings.update({ publicUrl: 'http://10.0.0.5:3000' })).settings.publicUrl).toBe('http://10.0.0.5:3000');
    await admin.settings.update({ publicUrl: null });
  });

  it('TASKMASTER_PUBLIC_URL wins over the saved address', async () => {
    const owner = await callerAs(ctx, 'owner');
    await owner.settings.update({ publicUrl: 'https://saved.example.com' });
    try {
      const fromEnv = createCaller({ ...(await contextAs(ctx, 'owner')), publicUrl: 'https://env.example.com' });
      expect((await fromEnv.settings.get()).publicUrlFromEnvironment).toBe('https://env.example.com');
      const id = await webhookWorkflow(owner);
      expect((await fromEnv.workflows.triggerInfo({ id })).publicUrl).toBe('https://env.example.com');
      expect((await fromEnv.workflows.share({ id })).publicUrl).toBe('https://env.example.com');
      expect((await fromEnv.users.invite({ email: 'fourth.guest@example.test', role: 'viewer' })).url).toMatch(
        /^https:\/\/env\.example\.com\/invite\//,
      );
      // Without the variable the saved one is used.
      expect((await owner.workflows.triggerInfo({ id })).publicUrl).toBe('https://saved.example.com');
    } finally {
      await owner.settings.update({ publicUrl: null });
    }
  });
});

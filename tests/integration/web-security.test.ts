/**
 * The checks every request passes, over real HTTP: the Host allow-list (DNS rebinding), cross-site
 * writes and forms (CSRF), security headers on every answer; and sign-in itself: owner setup with
 * its one-time code, sign-in, sign-out, and deactivation ending a session at once.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserActive } from '../../server/db/users';
import { listWorkflows } from '../../server/db/workflows';
import { startWebServer, type WebServer } from '../../server/http/server';
import { createAppContext } from '../../server/context';
import { cookieAs, userAs } from '../helpers/auth';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let database: TestDatabase;
let ctx: ReturnType<typeof createAppContext>;
let web: WebServer;
let base: string;
let cookie: string;
const SETUP_CODE = 'TEST-CODE-1234';

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createAppContext(database.url);
  web = await startWebServer({
    ctx,
    host: '127.0.0.1',
    port: 0,
    noUi: true,
    setupCode: SETUP_CODE,
    publicUrl: 'https://tm.example.com',
    signInLimits: { perAccount: 3, perAddress: 10 },
  });
  base = web.url.replace('localhost', '127.0.0.1');
});

afterAll(async () => {
  await web?.close();
  await ctx?.close();
  await database?.drop();
});

const json = { 'content-type': 'application/json' };
const createInput = JSON.stringify({ document: { name: 'Made by a form', nodes: [], edges: [] } });

/** A GET with exactly these headers (fetch() replaces Host with the URL's). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
      .on('error', reject);
  });
}

/** Cookies of a Set-Cookie list as one Cookie header. */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('owner setup and sign-in over HTTP', () => {
  it('asks for the setup code, creates the owner, and signs them in', async () => {
    const state = await (await fetch(`${base}/api/auth/state`)).json();
    expect(state).toEqual({ needsSetup: true, setupCodeRequired: true, user: null });
    const owner = { name: 'Olive Owner', email: 'Olive@Example.test', password: 'a long password' };
    const wrong = await fetch(`${base}/api/auth/setup`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ...owner, code: 'nope' }),
    });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.message).toMatch(/setup code is wrong/);
    const ok = await fetch(`${base}/api/auth/setup`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ...owner, code: 'test-code-1234' }),
    });
    expect(ok.status).toBe(200);
    const setCookie = ok.headers.getSetCookie();
    expect(setCookie.some((c) => /HttpOnly/i.test(c) && /SameSite=Lax/i.test(c) && /Secure/i.test(c))).toBe(true);
    cookie = cookiesOf(ok);
    const me = await (await fetch(`${base}/api/auth/state`, { headers: { cookie } })).json();
    expect(me).toEqual({
      needsSetup: false,
      setupCodeRequired: false,
      user: { name: 'Olive Owner', email: 'olive@example.test', role: 'owner' },
    });
    // Setup is closed once there is an owner.
    const again = await fetch(`${base}/api/auth/setup`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ...owner, email: 'x@example.test', code: SETUP_CODE }),
    });
    expect(again.status).toBe(409);
  });

  it('signs in, refuses a wrong password in plain words, and signs out (the cookie stops working)', async () => {
    const bad = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'olive@example.test', password: 'wrong one' }),
    });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.message).toBe('The e-mail or password is wrong.');
    const res = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'OLIVE@example.test', password: 'a long password' }),
    });
    expect(res.status).toBe(200);
    const session = cookiesOf(res);
    expect((await fetch(`${base}/api/trpc/workflows.list`, { headers: { cookie: session } })).status).toBe(200);
    expect((await fetch(`${base}/api/auth/sign-out`, { method: 'POST', headers: { ...json, cookie: session }, body: '{}' })).status).toBe(
      200,
    );
    expect((await fetch(`${base}/api/trpc/workflows.list`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('ends a deactivated user’s open session on their very next request', async () => {
    const editor = await userAs(ctx, 'editor', 'Leaving');
    const session = await cookieAs(ctx, 'editor', 'Leaving');
    expect((await fetch(`${base}/api/trpc/workflows.list`, { headers: { cookie: session } })).status).toBe(200);
    await setUserActive(ctx.db, editor.id, false);
    expect((await fetch(`${base}/api/trpc/workflows.list`, { headers: { cookie: session } })).status).toBe(401);
    const again = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: editor.email, password: editor.password }),
    });
    expect(again.status).toBe(401);
  });

  it('limits failed sign-ins per account, with a plain message, even for the right password then', async () => {
    const user = await userAs(ctx, 'viewer', 'Guessed');
    const attempt = (password: string) =>
      fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: json, body: JSON.stringify({ email: user.email, password }) });
    for (let i = 0; i < 3; i++) expect((await attempt(`guess ${i}`)).status).toBe(401);
    const blocked = await attempt(user.password);
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).error.message).toBe('Too many attempts: try again in 5 minutes.');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(200);
    // Another account from the same address still signs in (the address limit is higher).
    const other = await userAs(ctx, 'viewer', 'Other');
    const ok = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: other.email, password: other.password }),
    });
    expect(ok.status).toBe(200);
  });

  it('answers 401 without a session for the API, downloads and uploads', async () => {
    expect((await fetch(`${base}/api/trpc/workflows.list`)).status).toBe(401);
    expect((await fetch(`${base}/api/files/download?run=r&node=n`)).status).toBe(401);
    expect(
      (await fetch(`${base}/api/files/upload?name=a.txt`, { method: 'POST', headers: { 'x-taskmaster-upload': '1' }, body: 'x' })).status,
    ).toBe(401);
  });
});

describe('web security for every request', () => {
  it('gives a request with a foreign Host header no data (DNS rebinding)', async () => {
    const owner = await cookieAs(ctx, 'owner', 'Second');
    for (const host of ['attacker.example', 'attacker.example:3000', 'localhost.attacker.example']) {
      const res = await rawGet(`${base}/api/trpc/settings.get`, { host, cookie: owner });
      expect(res.status).toBe(421);
      const text = res.text;
      expect(text).not.toContain('retention');
      expect(text).toContain('TASKMASTER_PUBLIC_URL');
    }
    // Loopback names, IP literals and the public URL's host pass.
    for (const host of ['localhost:3000', '127.0.0.1', 'tm.example.com', '[::1]:80', 'app.localhost']) {
      expect((await rawGet(`${base}/api/trpc/settings.get`, { host, cookie: owner })).status).toBe(200);
    }
  });

  it('changes nothing for a cross-site form post with multipart/form-data, urlencoded or text/plain', async () => {
    const owner = await cookieAs(ctx, 'owner', 'Second');
    const before = (await listWorkflows(ctx.db)).length;
    const form = new FormData();
    form.set('document', createInput);
    const attempts: Array<[Record<string, string>, BodyInit]> = [
      [{ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, form],
      // Even without fetch-metadata, a form body never reaches tRPC.
      [{}, form],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 'document=x'],
      [{ 'content-type': 'text/plain' }, createInput],
      // JSON from another site is refused by its Origin.
      [{ 'content-type': 'application/json', origin: 'https://evil.example' }, createInput],
    ];
    for (const [headers, body] of attempts) {
      const res = await fetch(`${base}/api/trpc/workflows.create`, { method: 'POST', headers: { ...headers, cookie: owner }, body });
      expect([403, 415]).toContain(res.status);
    }
    expect((await listWorkflows(ctx.db)).length).toBe(before);
    // The same request from the app itself goes through.
    const sameSite = await fetch(`${base}/api/trpc/workflows.create`, {
      method: 'POST',
      headers: { ...json, cookie: owner, origin: base, 'sec-fetch-site': 'same-origin' },
      body: createInput,
    });
    expect(sameSite.status).toBe(200);
    expect((await listWorkflows(ctx.db)).length).toBe(before + 1);
  });

  it('puts the security headers on every answer, errors and webhooks included', async () => {
    const answers = await Promise.all([
      fetch(`${base}/api/health`),
      fetch(`${base}/api/trpc/workflows.list`),
      fetch(`${base}/api/auth/state`),
      fetch(`${base}/share/nope`),
      fetch(`${base}/webhook/none`, { method: 'POST' }),
      fetch(`${base}/some/page`),
    ]);
    const foreign = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${base}/x`, { headers: { host: 'attacker.example' } }, resolve),
    );
    foreign.resume();
    expect(foreign.statusCode).toBe(421);
    expect(foreign.headers['x-frame-options']).toBe('DENY');
    for (const res of answers) {
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    }
  });
});

/**
 * The Users page's API and the invitation link over HTTP: invite, accept (the role comes from the
 * invitation), change roles within the rules, deactivate (sessions end), sign out everywhere.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../server/http/server';
import { createCaller } from '../../server/trpc/app-router';
import { callerAs, contextAs, cookieAs, userAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let web: WebServer;
let base: string;

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
  web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true, publicUrl: 'http://127.0.0.1:1' });
  base = web.url.replace('localhost', '127.0.0.1');
});

afterAll(async () => {
  await web?.close();
  await t?.stop();
});

const json = { 'content-type': 'application/json' };
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );

describe('users and invitations', () => {
  it('invites by link; the invited person makes their account with the invited role and is signed in', async () => {
    const owner = await callerAs(ctx, 'owner');
    const invite = await owner.users.invite({ email: 'New.Person@Example.test', role: 'editor' });
    expect(invite.url).toMatch(/^http:\/\/localhost:3000\/invite\/[\w-]{20,}$/);
    const token = invite.url.split('/').pop()!;
    expect((await owner.users.list()).invites.map((i) => i.email)).toEqual(['new.person@example.test']);

    const info = await fetch(`${base}/api/auth/invite?token=${token}`);
    expect(await info.json()).toEqual({ email: 'new.person@example.test', role: 'editor' });
    const accept = await fetch(`${base}/api/auth/accept-invite`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ token, name: 'New Person', password: 'their own password' }),
    });
    expect(accept.status).toBe(200);
    const cookie = accept.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const me = await (await fetch(`${base}/api/auth/state`, { headers: { cookie } })).json();
    expect(me.user).toEqual({ name: 'New Person', email: 'new.person@example.test', role: 'editor' });
    // Used once only.
    const again = await fetch(`${base}/api/auth/accept-invite`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ token, name: 'X', password: 'another password' }),
    });
    expect(again.status).toBe(400);
    expect((await owner.users.list()).invites).toEqual([]);
  });

  it('keeps the rules: only owners make owners, never without an active owner, never yourself', async () => {
    const owner = await userAs(ctx, 'owner');
    const admin = createCaller(await contextAs(ctx, 'admin'));
    const editor = await userAs(ctx, 'editor', 'Eddie');
    expect(await codeOf(admin.users.setRole({ userId: editor.id, role: 'owner' }))).toBe('FORBIDDEN');
    expect(await codeOf(admin.users.setRole({ userId: owner.id, role: 'viewer' }))).toBe('FORBIDDEN');
    expect(await codeOf(admin.users.setRole({ userId: editor.id, role: 'viewer' }))).toBe('OK');
    const asOwner = await callerAs(ctx, 'owner');
    expect(await codeOf(asOwner.users.setRole({ userId: owner.id, role: 'admin' }))).toBe('CONFLICT');
    expect(await codeOf(asOwner.users.setActive({ userId: owner.id, active: false }))).toBe('CONFLICT');
    expect(await codeOf(admin.users.invite({ email: 'boss@example.test', role: 'owner' }))).toBe('FORBIDDEN');
    expect(await codeOf((await callerAs(ctx, 'editor')).users.list())).toBe('FORBIDDEN');
  });

  it('deactivating ends the person’s sessions at once; reactivating lets them sign in again', async () => {
    const victim = await userAs(ctx, 'viewer', 'Vic');
    const cookie = await cookieAs(ctx, 'viewer', 'Vic');
    expect((await fetch(`${base}/api/trpc/workflows.list`, { headers: { cookie } })).status).toBe(200);
    const owner = await callerAs(ctx, 'owner');
    await owner.users.setActive({ userId: victim.id, active: false });
    expect((await fetch(`${base}/api/trpc/workflows.list`, { headers: { cookie } })).status).toBe(401);
    expect((await owner.users.list()).users.find((u) => u.id === victim.id)?.deactivatedAt).not.toBeNull();
    await owner.users.setActive({ userId: victim.id, active: true });
    const back = await cookieAs(ctx, 'viewer', 'Vic');
    expect((await fetch(`${base}/api/trpc/workflows.list`, { headers: { cookie: back } })).status).toBe(200);
  });

  it('signs a person out everywhere (admin for anyone, or anyone for themselves)', async () => {
    const user = await userAs(ctx, 'editor', 'Many');
    const one = await cookieAs(ctx, 'editor', 'Many');
    const two = await cookieAs(ctx, 'editor', 'Many');
    const ended = await (await callerAs(ctx, 'admin')).users.signOutEverywhere({ userId: user.id });
    expect(ended.ended).toBeGreaterThanOrEqual(2);
    for (const cookie of [one, two]) expect((await fetch(`${base}/api/trpc/workflows.list`, { headers: { cookie } })).status).toBe(401);
    const three = await cookieAs(ctx, 'editor', 'Many');
    const four = await cookieAs(ctx, 'editor', 'Many');
    expect(
      (await fetch(`${base}/api/auth/sign-out-everywhere`, { method: 'POST', headers: { ...json, cookie: three }, body: '{}' })).status,
    ).toBe(200);
    expect((await fetch(`${base}/api/trpc/workflows.list`, { headers: { cookie: four } })).status).toBe(401);
  });
});

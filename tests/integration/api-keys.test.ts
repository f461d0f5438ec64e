/**
 * API keys (issue 12): made by a person for themselves, shown once, stored hashed; a revoked or
 * expired key, or a deactivated user's key, stops at once.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrincipal, scopeAllows } from '../../server/auth/api-keys';
import { setActive } from '../../server/auth/users-service';
import { createCaller } from '../../server/trpc/app-router';
import { callerAs, contextAs, userAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
});

afterAll(async () => {
  await t?.stop();
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );

describe('API keys', () => {
  it('shows a new key once, stores only its hash, and resolves it to its user with its scopes', async () => {
    const editor = await callerAs(ctx, 'editor');
    const { key, apiKey } = await editor.apiKeys.create({ name: 'Nightly script', scopes: ['run'] });
    expect(key).toMatch(/^tm_[\w-]{43}$/);
    expect(apiKey.prefix).toBe(key.slice(0, 9));
    const stored = await ctx.sql`select key_hash, prefix from api_keys where id = ${apiKey.id}`;
    expect(stored[0].key_hash).not.toContain(key.slice(3));
    expect(JSON.stringify(await editor.apiKeys.list())).not.toContain(key);

    const who = await apiKeyPrincipal(ctx, key);
    const user = await userAs(ctx, 'editor');
    expect(who).toMatchObject({ userId: user.id, role: 'editor', via: 'api-key', scopes: ['run'] });
    expect((await editor.apiKeys.list())[0].lastUsedAt).not.toBeNull();
    expect(await apiKeyPrincipal(ctx, `${key}x`)).toBeNull();
    expect(await apiKeyPrincipal(ctx, 'not a key')).toBeNull();
  });

  it('stops a revoked key, an expired key and the keys of a deactivated user at once', async () => {
    const me = await callerAs(ctx, 'editor', undefined);
    const revoked = await me.apiKeys.create({ name: 'to revoke', scopes: ['read'] });
    await me.apiKeys.revoke({ id: revoked.apiKey.id });
    expect(await apiKeyPrincipal(ctx, revoked.key)).toBeNull();
    expect(await codeOf(me.apiKeys.revoke({ id: revoked.apiKey.id }))).toBe('BAD_REQUEST');
    const audit =
      await ctx.sql`select action, target_name, details::text as details from audit_log where target_id = ${revoked.apiKey.id} order by action`;
    expect(audit.map((a) => a.action)).toEqual(['api-key.create', 'api-key.revoke']);
    expect(audit[0].target_name).toBe('to revoke');
    expect(JSON.stringify(audit)).not.toContain(revoked.key.slice(3));

    const soon = await me.apiKeys.create({ name: 'short', scopes: ['read'], expiresAt: new Date(Date.now() + 60_000) });
    expect(await apiKeyPrincipal(ctx, soon.key)).not.toBeNull();
    expect(await apiKeyPrincipal(ctx, soon.key, new Date(Date.now() + 61_000))).toBeNull();

    const leaver = await userAs(ctx, 'editor', 'Leaver');
    const theirs = await createCaller(await contextAs(ctx, 'editor', 'Leaver')).apiKeys.create({ name: 'theirs', scopes: ['write'] });
    expect(await apiKeyPrincipal(ctx, theirs.key)).not.toBeNull();
    await setActive(ctx, (await userAs(ctx, 'owner')).principal, leaver.id, false);
    expect(await apiKeyPrincipal(ctx, theirs.key)).toBeNull();
  });

  it("refuses bad input with a plain message and never shows or revokes another person's keys", async () => {
    const me = await callerAs(ctx, 'viewer');
    expect(await codeOf(me.apiKeys.create({ name: ' ', scopes: ['read'] }))).toBe('BAD_REQUEST');
    expect(await codeOf(me.apiKeys.create({ name: 'x', scopes: [] }))).toBe('BAD_REQUEST');
    expect(await codeOf(me.apiKeys.create({ name: 'x', scopes: ['read'], expiresAt: new Date(Date.now() - 1000) }))).toBe('BAD_REQUEST');
    const mine = await me.apiKeys.create({ name: 'viewer key', scopes: ['read'] });
    const other = await callerAs(ctx, 'admin');
    expect((await other.apiKeys.list()).map((k) => k.id)).not.toContain(mine.apiKey.id);
    expect(await codeOf(other.apiKeys.revoke({ id: mine.apiKey.id }))).toBe('BAD_REQUEST');
    expect(await apiKeyPrincipal(ctx, mine.key)).not.toBeNull();
  });

  it('lets run and write include read, and nothing else', () => {
    expect(scopeAllows(['read'], 'read')).toBe(true);
    expect(scopeAllows(['read'], 'run')).toBe(false);
    expect(scopeAllows(['run'], 'read')).toBe(true);
    expect(scopeAllows(['run'], 'write')).toBe(false);
    expect(scopeAllows(['write'], 'run')).toBe(false);
    expect(scopeAllows(['write'], 'read')).toBe(true);
  });
});

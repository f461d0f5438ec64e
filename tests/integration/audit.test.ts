/**
 * The audit log: sign-ins and failed sign-ins over HTTP, user and role changes, workflow,
 * settings, share-link and API-key changes are written with who and what; owners and admins
 * filter it by person, action and time; editors can't read it; the retention days prune it.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../server/http/server';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { callerAs, TEST_PASSWORD, userAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let web: WebServer;

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
  web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
});

afterAll(async () => {
  await web?.close();
  await t?.stop();
});

const json = { 'content-type': 'application/json' };

describe('audit log', () => {
  it('records sign-ins and failed sign-ins with the address they came from', async () => {
    const ed = await userAs(ctx, 'editor', 'Ed');
    const bad = await fetch(`${web.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: ed.email, password: 'wrong' }),
    });
    expect(bad.status).toBe(401);
    const good = await fetch(`${web.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: ed.email, password: TEST_PASSWORD }),
    });
    expect(good.status).toBe(200);
    const owner = await callerAs(ctx, 'owner');
    const { entries } = await owner.audit.list({ action: 'auth' });
    expect(entries.map((e) => [e.action, e.actorName])).toEqual([
      ['auth.sign-in', 'Ed'],
      ['auth.sign-in-failed', 'Ed'],
    ]);
    expect(entries[0].ip).toMatch(/127\.0\.0\.1/);
    expect(entries[1].details).toEqual({ email: ed.email });
  });

  it('records people, workflow, settings, share-link and API-key changes, filtered by person, action and time', async () => {
    const owner = await callerAs(ctx, 'owner');
    const viewer = await userAs(ctx, 'viewer', 'Val');
    await owner.users.invite({ email: 'new@example.test', role: 'editor' });
    await owner.users.setRole({ userId: viewer.id, role: 'editor' });
    const ed = await callerAs(ctx, 'editor', 'Ed');
    const wf = new WorkflowBuilder('Invoices');
    wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
    const { id } = await ed.workflows.create({ document: wf.toDocument() });
    await ed.workflows.save({ id, document: { ...wf.toDocument(), name: 'Invoices v2' } });
    await ed.workflows.share({ id });
    await ed.workflows.delete({ id });
    const imported = await ed.workflows.import({ text: JSON.stringify({ ...wf.toDocument(), name: 'Imported invoices' }) });
    expect(imported.imported).toBe(true);
    await owner.settings.update({ retentionDays: 40 });
    const key = await ed.apiKeys.create({ name: 'Nightly export', scopes: ['read'] });

    const all = (await owner.audit.list({})).entries.map((e) => [e.action, e.actorName, e.targetName]);
    expect(all).toEqual(
      expect.arrayContaining([
        ['user.invite', 'owner', 'new@example.test'],
        ['user.role', 'owner', `Val (${viewer.email})`],
        ['workflow.create', 'Ed', 'Invoices'],
        ['workflow.save', 'Ed', 'Invoices v2'],
        ['share-link.create', 'Ed', 'Invoices v2'],
        ['workflow.delete', 'Ed', 'Invoices v2'],
        ['workflow.import', 'Ed', 'Imported invoices'],
        ['settings.update', 'owner', 'Settings'],
        ['api-key.create', 'Ed', 'Nightly export'],
      ]),
    );
    expect(JSON.stringify(await owner.audit.list({}))).not.toContain(key.key);

    const edUser = await userAs(ctx, 'editor', 'Ed');
    const byEd = (await owner.audit.list({ actorId: edUser.id, action: 'workflow' })).entries.map((e) => e.action);
    expect(byEd).toEqual(['workflow.import', 'workflow.delete', 'workflow.save', 'workflow.create']);
    expect((await owner.audit.list({ action: 'user.role' })).entries[0].details).toEqual({ from: 'viewer', to: 'editor' });
    expect((await owner.audit.list({ from: new Date(Date.now() + 3600_000) })).entries).toEqual([]);
    const choices = await owner.audit.choices();
    expect(choices.actors.map((a) => a.name)).toEqual(expect.arrayContaining(['Ed', 'owner']));

    const refused = await ed.audit.list({}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
  });

  it('pages by id and drops entries older than the retention days', async () => {
    const owner = await callerAs(ctx, 'owner');
    const first = await owner.audit.list({ limit: 2 });
    expect(first.entries).toHaveLength(2);
    const next = await owner.audit.list({ limit: 2, cursor: first.nextBefore });
    expect(next.entries[0].id).toBeLessThan(first.entries[1].id);

    await ctx.sql`insert into audit_log (actor_name, action, at) values ('old', 'auth.sign-in', now() - interval '50 days')`;
    await owner.settings.update({ retentionDays: 30 });
    await owner.settings.pruneNow();
    expect((await owner.audit.list({ actorId: undefined, action: 'auth.sign-in' })).entries.map((e) => e.actorName)).not.toContain('old');
  });
});

/**
 * Who may use a browser profile (server/auth/profile-access.ts), through createCaller on a real
 * Postgres, a real worker and real Chromium: its owner and admins manage it; editors listed
 * under "Who may use" see, test and pick it; other editors neither see nor pick it; a run whose
 * workflow owner may not use it fails on the step before any browser opens; and an upgraded
 * instance's old profiles stay usable by its owner.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileRight } from '../../server/auth/profile-access';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { listAudit } from '../../server/db/audit';
import { MIGRATIONS_FOLDER, migrate } from '../../server/db/migrate';
import { getRun, waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { createAppContext } from '../../server/context';
import { userAs } from '../helpers/auth';
import { createTestDatabase } from '../helpers/db';
import { type Harness, startHarness } from '../helpers/harness';
import { html, startTestSite, type TestSite } from '../helpers/test-site';

const SECRET = 'pr0xy-pa55-for-shop';
let t: Harness;
let ctx: Harness['ctx'];
let site: TestSite;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'taskmaster-profile-access-'));
  process.env.TASKMASTER_DATA_DIR = dataDir;
  site = await startTestSite({ '/': html('<h1>Shop</h1>', 'Shop') });
  t = await startHarness({
    keys: fixedKeyStore(generateKey()),
    worker: { concurrency: 2, browsersPerWorker: 1, browserProfilesDir: path.join(dataDir, 'browser-profiles'), log: () => {} },
  });
  ctx = t.ctx;
});

afterAll(async () => {
  await t?.stop();
  await site?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 'OK', message: '' }),
    (e: unknown) =>
      e instanceof TRPCError ? { code: e.code, message: e.message } : { code: `not a TRPCError: ${String(e)}`, message: '' },
  );

function openShop(profileId: string, name = 'Shop run') {
  const wf = new WorkflowBuilder(name);
  wf.connect(
    wf.add('manual-trigger', {}, { id: 't', name: 'Start' }),
    wf.add('browser-open', { url: `${site.url}/`, profileId, profileWaitSeconds: 0 }, { id: 'open', name: 'Open the shop' }),
  );
  return wf.toDocument();
}

describe('who may use a browser profile', () => {
  let shopId: string;

  beforeAll(async () => {
    const owner = await t.as('owner');
    // A proxy with a password: nothing about it may come back to anyone but as "set".
    const made = await owner.profiles.create({
      name: 'Shop login',
      proxyServer: 'http://127.0.0.1:9',
      proxyUser: 'shop',
      proxyPassword: SECRET,
    });
    shopId = made.id;
  });

  it('an editor not listed neither lists, opens, tests, changes nor picks it', async () => {
    const ed = await t.as('editor', 'Ed');
    expect((await ed.profiles.list()).map((p) => p.name)).not.toContain('Shop login');
    const notFound = { code: 'NOT_FOUND', message: `There is no browser profile with the id "${shopId}" that you may use.` };
    expect(await errorOf(ed.profiles.get({ id: shopId }))).toEqual(notFound);
    expect(await errorOf(ed.profiles.sharing({ id: shopId }))).toEqual(notFound);
    expect(await errorOf(ed.profiles.testPage({ id: shopId, url: site.url }))).toEqual(notFound);
    expect(await errorOf(ed.profiles.duplicate({ id: shopId }))).toEqual(notFound);
    expect(await errorOf(ed.profiles.delete({ id: shopId }))).toEqual(notFound);
    expect(await errorOf(ed.profiles.update({ id: shopId, name: 'Mine now' }))).toEqual(notFound);
    expect(await errorOf(ed.profiles.setSharing({ id: shopId, userIds: [(await userAs(ctx, 'editor', 'Ed')).id] }))).toEqual(notFound);
    expect(await errorOf(ed.picker.start({ steps: [{ type: 'browser-open', config: { url: site.url, profileId: shopId } }] }))).toEqual(
      notFound,
    );

    // Saving a workflow that picks it: refused, naming the step and the field.
    const refused = {
      code: 'FORBIDDEN',
      message:
        'You may not use the browser profile chosen in step "Open the shop", field "Browser profile": "Shop login". Ask its owner to add you under "Who may use" on the Browser profiles page, or choose another profile.',
    };
    expect(await errorOf(ed.workflows.create({ document: openShop(shopId) }))).toEqual(refused);
    const { id } = await ed.workflows.create({ document: openShop('') });
    expect(await errorOf(ed.workflows.save({ id, document: openShop(shopId) }))).toEqual(refused);
    expect(await errorOf(ed.runs.start({ document: openShop(shopId) }))).toEqual(refused);
    // An import matches profiles by name only among the importer's: "Shop login" stays unmatched.
    const file = JSON.stringify({
      ...openShop(''),
      nodes: openShop('').nodes.map((n) =>
        n.id === 'open' ? { ...n, config: { ...n.config, profileId: { $browserProfile: { name: 'Shop login' } } } } : n,
      ),
    });
    const imported = await ed.workflows.import({ text: file, allowProblems: true });
    expect(imported.problems.map((p: { code: string }) => p.code)).toContain('missing-profile');
    const stored = await ed.workflows.get({ id: imported.id! });
    expect(stored.document.nodes.find((n) => n.id === 'open')?.config.profileId).toBe('');
    // The owner's list still has it; no answer carried the proxy password.
    expect((await (await t.as('owner')).profiles.list()).map((p) => p.name)).toContain('Shop login');
  });

  it('an editor listed under "Who may use" sees, tests and picks it, but cannot change, copy, delete or share it', async () => {
    const owner = await t.as('owner');
    const lee = await t.as('editor', 'Lee');
    const leeUser = await userAs(ctx, 'editor', 'Lee');
    await owner.profiles.setSharing({ id: shopId, userIds: [leeUser.id] });
    expect((await listAudit(ctx.sql, { action: 'profile.share' })).entries[0]).toMatchObject({
      targetId: shopId,
      targetName: 'Shop login',
      details: { allowed: ['Lee'] },
    });

    const listed = (await lee.profiles.list()).find((p) => p.id === shopId);
    expect(listed).toMatchObject({ name: 'Shop login', canManage: false, hasProxyPassword: true });
    expect(await lee.profiles.get({ id: shopId })).toMatchObject({ name: 'Shop login' });
    expect((await lee.profiles.sharing({ id: shopId })).canManage).toBe(false);
    const { id } = await lee.workflows.create({ document: openShop(shopId, 'Lee’s shop run') });
    expect(id).toMatch(/./);

    const manageOnly = {
      code: 'FORBIDDEN',
      message:
        'You may use this browser profile in your steps, but only its owner or an admin can change, copy or delete it, or choose who may use it.',
    };
    expect(await errorOf(lee.profiles.update({ id: shopId, name: 'Lee’s now' }))).toEqual(manageOnly);
    expect(await errorOf(lee.profiles.duplicate({ id: shopId }))).toEqual(manageOnly);
    expect(await errorOf(lee.profiles.delete({ id: shopId }))).toEqual(manageOnly);
    expect(await errorOf(lee.profiles.setSharing({ id: shopId, userIds: [] }))).toEqual(manageOnly);

    // Her own profile is hers to manage; the owner (and admins) see it too, Ed does not.
    const mine = await lee.profiles.create({ name: 'Lee’s profile' });
    expect((await lee.profiles.list()).find((p) => p.id === mine.id)?.canManage).toBe(true);
    expect((await owner.profiles.list()).find((p) => p.id === mine.id)?.canManage).toBe(true);
    const admin = await t.as('admin');
    expect((await admin.profiles.list()).find((p) => p.id === mine.id)?.canManage).toBe(true);
    expect((await (await t.as('editor', 'Ed')).profiles.list()).map((p) => p.id)).not.toContain(mine.id);
    // An editor a workflow is shared with keeps the owner's choice when saving it unchanged.
    const edUser = await userAs(ctx, 'editor', 'Ed');
    await lee.workflows.setSharing({ id, shares: [{ userId: edUser.id, role: 'editor' }] });
    const ed = await t.as('editor', 'Ed');
    const saved = await ed.workflows.save({ id, document: openShop(shopId, 'Lee’s shop run, renamed') });
    expect(saved.version).toBeGreaterThan(1);
  });

  it('tests pass through for a listed editor, and no answer carries the proxy password', async () => {
    const lee = await t.as('editor', 'Lee');
    const answers = [await lee.profiles.list(), await lee.profiles.get({ id: shopId }), await lee.profiles.sharing({ id: shopId })];
    expect(JSON.stringify(answers)).not.toContain(SECRET);
    // The proxy (port 9, discard) does not answer: the test page fails in words, as a 4xx, not a refusal.
    const tested = await errorOf(lee.profiles.testPage({ id: shopId, url: site.url }));
    expect(tested.code).not.toBe('NOT_FOUND');
    expect(tested.code).not.toBe('FORBIDDEN');
    expect(tested.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(tested.message).not.toContain(SECRET);
  });

  it('a run of a workflow whose owner may not use the profile fails on the step before the browser opens', async () => {
    const admin = await t.as('admin');
    const ed = await t.as('editor', 'Ed');
    const plain = await admin.profiles.create({ name: 'Plain' });
    // Ed's workflow; an admin (who may pick any profile) points it at a profile Ed may not use.
    const { id } = await ed.workflows.create({ document: openShop('', 'Ed’s run') });
    await admin.workflows.save({ id, document: openShop(plain.id, 'Ed’s run') });
    const { runId } = await ed.runs.start({ workflowId: id });
    expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('failed');
    const step = (await getRun(ctx.sql, runId))?.nodes.open;
    expect(JSON.stringify(step?.error)).toContain(
      'The workflow\'s owner (Ed) may not use the browser profile \\"Plain\\". Ask the profile\'s owner to add them under \\"Who may use\\" on the Browser profiles page, or choose another profile in this step.',
    );
    // Its browser folder was never opened: no Chromium wrote to it.
    expect(await readdir(path.join(dataDir, 'browser-profiles', plain.id))).toEqual([]);

    // Listed now: the same workflow runs with the profile.
    await admin.profiles.setSharing({ id: plain.id, userIds: [(await userAs(ctx, 'editor', 'Ed')).id] });
    const again = await ed.runs.start({ workflowId: id });
    expect(await waitForRun(ctx.sql, again.runId, 60_000)).toBe('succeeded');
    expect((await readdir(path.join(dataDir, 'browser-profiles', plain.id))).length).toBeGreaterThan(0);
  });
});

describe('profiles in workflows handed to others', () => {
  it('a template or share link carries no profile choice, so an editor can use the template', async () => {
    const owner = await t.as('owner');
    const mine = await owner.profiles.create({ name: 'Owner’s shop' });
    const { id } = await owner.workflows.create({ document: openShop(mine.id, 'Shop template source') });
    const template = await owner.templates.saveAs({ workflowId: id, name: 'Shop visit', description: '', category: 'Browser' });
    const stored = await owner.templates.get({ id: template.id });
    expect(stored.document.nodes.find((n) => n.id === 'open')?.config.profileId).toBe('');

    const ed = await t.as('editor', 'Ed');
    const used = await ed.templates.use({ id: template.id });
    const made = await ed.workflows.get({ id: used.id });
    expect(made.document.nodes.find((n) => n.id === 'open')?.config.profileId).toBe('');
    // A share link's copy (anyone with the link and an editor's role) gets no profile either.
    const link = await owner.workflows.share({ id });
    const copy = await ed.share.copy({ token: link.token });
    const copied = await ed.workflows.get({ id: copy.id });
    expect(copied.document.nodes.find((n) => n.id === 'open')?.config.profileId).toBe('');
  });
});

describe('upgrading an instance', () => {
  it('gives old profiles to the instance owner, and lets owners of workflows that use one keep using it', async () => {
    const database = await createTestDatabase({ migrated: false });
    const before = await mkdtemp(path.join(tmpdir(), 'taskmaster-migrations-'));
    try {
      // The migrations as they were before profiles had owners (0016, 0017).
      const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'));
      const older = journal.entries.filter((e: { tag: string }) => e.tag < '0016');
      await mkdir(path.join(before, 'meta'));
      await writeFile(path.join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: older }));
      for (const e of older) await cp(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), path.join(before, `${e.tag}.sql`));
      await migrate(database.url, { migrationsFolder: before });
      await database.sql`insert into users (id, name, email, role, created_at) values
        ('u_admin', 'Ann Admin', 'ann@example.test', 'admin', now() - interval '2 days'),
        ('u_owner', 'Olga Owner', 'olga@example.test', 'owner', now() - interval '1 day'),
        ('u_editor', 'Eve Editor', 'eve@example.test', 'editor', now() - interval '3 days')`;
      await database.sql`insert into users (id, name, email, role) values ('u_uses', 'Uma Uses', 'uma@example.test', 'editor')`;
      await database.sql`insert into browser_profiles (id, name) values ('prof_old', 'Old shop login')`;
      // Uma's workflow opens the shop with that profile today (its version 1 didn't, version 2 does).
      const open = { id: 'open', type: 'browser-open', name: 'Open', config: { url: 'https://example.com', profileId: 'prof_old' } };
      await database.sql`insert into workflows (id, name, owner_id, current_version) values ('wf_uma', 'Uma’s', 'u_uses', 2)`;
      await database.sql`insert into workflow_versions (workflow_id, version, document) values
        ('wf_uma', 1, ${database.sql.json({ name: 'Uma’s', nodes: [] })}),
        ('wf_uma', 2, ${database.sql.json({ name: 'Uma’s', nodes: [open] })})`;

      await migrate(database.url);
      const [row] = await database.sql`select owner_id from browser_profiles where id = 'prof_old'`;
      expect(row.owner_id).toBe('u_owner');
      const upgraded = createAppContext(database.url);
      try {
        const as = (userId: string, role: 'owner' | 'editor') => ({ userId, name: userId, email: '', role, via: 'session' as const });
        expect(await profileRight(upgraded, as('u_owner', 'owner'), 'prof_old')).toBe('manage');
        expect(await profileRight(upgraded, as('u_editor', 'editor'), 'prof_old')).toBeNull();
        // Uma's workflow keeps working: she may use the profile (not manage it).
        expect(await profileRight(upgraded, as('u_uses', 'editor'), 'prof_old')).toBe('use');
      } finally {
        await upgraded.close();
      }
    } finally {
      await database.drop();
      await rm(before, { recursive: true, force: true });
    }
  });
});

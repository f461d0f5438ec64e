/**
 * The profiles API through createCaller on a real Postgres: profiles with their browser folder,
 * the proxy password kept as an encrypted credential that never comes back, and the test page
 * in real Chromium.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { type Harness, startHarness } from '../helpers/harness';
import { html, startTestSite, type TestSite } from '../helpers/test-site';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];
let dataDir: string;
let site: TestSite;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'taskmaster-profiles-api-'));
  process.env.TASKMASTER_DATA_DIR = dataDir;
  t = await startHarness({ keys: fixedKeyStore(generateKey()) });
  ctx = t.ctx;
  api = t.api;
  site = await startTestSite({ '/': html('<h1>Hello profile</h1>', 'Test') });
});

afterAll(async () => {
  await site?.close();
  await t?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const SECRET = 'pr0xy-s3cret-pw';

describe('profiles API', () => {
  it('creates, lists, updates, duplicates and deletes profiles with their folders', async () => {
    const created = await api.profiles.create({
      name: 'Shop login',
      locale: 'de-DE',
      timezone: 'Europe/Berlin',
      viewportWidth: 1024,
      viewportHeight: 700,
    });
    expect(created).toMatchObject({
      name: 'Shop login',
      locale: 'de-DE',
      hasProxyPassword: false,
      folder: path.join(dataDir, 'browser-profiles', created.id),
    });
    expect(existsSync(created.folder)).toBe(true);
    expect((await api.profiles.list()).map((p) => p.id)).toContain(created.id);

    const updated = await api.profiles.update({
      id: created.id,
      name: 'Shop',
      userAgent: 'TaskMasterTest/1',
      viewportWidth: 800,
      viewportHeight: 600,
    });
    expect(updated).toMatchObject({ name: 'Shop', userAgent: 'TaskMasterTest/1', locale: '', viewportWidth: 800 });

    const copy = await api.profiles.duplicate({ id: created.id });
    expect(copy).toMatchObject({ name: 'Shop (copy)', userAgent: 'TaskMasterTest/1', viewportWidth: 800 });
    expect(copy.id).not.toBe(created.id);

    await api.profiles.delete({ id: created.id });
    expect(existsSync(created.folder)).toBe(false);
    await expect(api.profiles.get({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps the proxy password only as an encrypted credential and never returns it', async () => {
    const profile = await api.profiles.create({
      name: 'Via proxy',
      proxyServer: '127.0.0.1:3128',
      proxyUser: 'ada',
      proxyPassword: SECRET,
    });
    expect(profile).toMatchObject({ proxyServer: 'http://127.0.0.1:3128', hasProxyPassword: true });
    const answers = JSON.stringify([
      profile,
      await api.profiles.list(),
      await api.profiles.get({ id: profile.id }),
      await api.credentials.list(),
    ]);
    expect(answers).not.toContain(SECRET);
    const rows =
      await ctx.sql`select c.* from credentials c join browser_profiles p on p.proxy_credential_id = c.id where p.id = ${profile.id}`;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(SECRET);
    expect(rows[0].type).toBe('proxy');

    const copy = await api.profiles.duplicate({ id: profile.id });
    expect(copy.hasProxyPassword).toBe(true);
    const [copyRow] = await ctx.sql`select proxy_credential_id from browser_profiles where id = ${copy.id}`;
    expect(copyRow.proxy_credential_id).not.toBe(rows[0].id);

    const cleared = await api.profiles.update({
      id: profile.id,
      name: 'Via proxy',
      proxyServer: 'http://127.0.0.1:3128',
      proxyUser: 'ada',
      clearProxyPassword: true,
    });
    expect(cleared.hasProxyPassword).toBe(false);
    expect(await ctx.sql`select 1 from credentials where id = ${rows[0].id}`).toHaveLength(0);
  });

  it('refuses settings Chromium could not use, in plain words', async () => {
    await expect(api.profiles.create({ name: 'Bad', timezone: 'Mars/Olympus' })).rejects.toThrow('Write the time zone like Europe/Berlin');
    await expect(api.profiles.create({ name: 'Bad', proxyServer: 'ftp://x:1' })).rejects.toThrow('Write the proxy like http://');
    await expect(api.profiles.create({ name: 'Bad', proxyPassword: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('opens a test page with the profile and shows what the page saw', async () => {
    const profile = await api.profiles.create({
      name: 'Tester',
      locale: 'fr-FR',
      timezone: 'Asia/Tokyo',
      userAgent: 'TaskMasterTest/2',
      viewportWidth: 900,
      viewportHeight: 500,
    });
    const result = await api.profiles.testPage({ id: profile.id, url: `${site.url}/` });
    expect(result.screenshot).toMatch(/^data:image\/jpeg;base64,/);
    expect(result).toMatchObject({
      title: 'Test',
      status: 200,
      seen: { userAgent: 'TaskMasterTest/2', language: 'fr-FR', timeZone: 'Asia/Tokyo', window: '900 × 500' },
    });
    await expect(api.profiles.testPage({ id: profile.id, url: 'not an address' })).rejects.toThrow('is not a full web address');
    await expect(api.profiles.testPage({ id: 'prof_missing', url: `${site.url}/` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

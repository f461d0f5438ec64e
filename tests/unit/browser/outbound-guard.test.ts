/** The Settings page's outbound rules hold for Browser steps too, in real Chromium. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowserPool } from '../../../server/browser/pool';
import type { OutboundRules } from '../../../server/network/guarded-fetch';
import { html, startTestSite, type TestSite } from '../../helpers/test-site';

let dir: string;
let site: TestSite;
let port: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'taskmaster-guard-'));
  site = await startTestSite({
    '/plain': html('<p>A plain page</p>'),
  });
  port = new URL(site.url).port;
});

afterAll(async () => {
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

async function openWith(rules: OutboundRules, url: string) {
  const pool = createBrowserPool({ database: null, profilesDir: dir, maxBrowsers: 1, outboundRules: () => rules });
  const browser = pool.forRun('run_guard', new AbortController().signal);
  const told: string[] = [];
  const { page } = await browser.open({
    profileId: null,
    profileWaitMs: 0,
    signal: new AbortController().signal,
    onWait: (m) => told.push(m),
  });
  await page.goto(url);
  const text = await page.locator('body').innerText();
  await browser.close();
  return { text, told };
}

describe('outbound rules in the browser', () => {
  it('shows why a page on a host that is not allowed was not opened, and never requests it', async () => {
    const before = site.requests.length;
    const { text, told } = await openWith({ allowedHosts: ['example.com'], denyPrivateNetworks: false }, `http://127.0.0.1:${port}/secret`);
    expect(text).toContain('Blocked by TaskMaster');
    expect(text).toContain('"127.0.0.1" is not on the list of sites steps may call');
    expect(told.join('\n')).toContain('not allowed to open http://127.0.0.1:');
    expect(site.requests.slice(before).map((r) => r.path)).not.toContain('/secret');
  });

  it('blocks private addresses when Settings say so, and lets everything through without rules', async () => {
    const blocked = await openWith({ allowedHosts: [], denyPrivateNetworks: true }, `http://localhost:${port}/plain`);
    expect(blocked.text).toContain('private or local address');
    const before = site.requests.length;
    const open = await openWith({ allowedHosts: [], denyPrivateNetworks: false }, `http://localhost:${port}/plain`);
    expect(open.text).toBe('A plain page');
    expect(site.requests.slice(before).map((r) => r.path)).toContain('/plain');
  });
});

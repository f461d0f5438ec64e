/**
 * Hosting for a team as people meet it: a TaskMaster that listens beyond this machine asks for the
 * one-time setup code from its log before anyone can become the owner; an invited person joins
 * through their link, and deactivating them ends their open session at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

/** A non-loopback address of this machine (the one a colleague would use), else 127.0.0.1. */
function lanAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const net of list ?? []) if (net.family === 'IPv4' && !net.internal) return net.address;
  }
  return '127.0.0.1';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

test.describe('a TaskMaster listening on the network', () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  let child: ChildProcess | undefined;
  let dataDir = '';
  let log = '';
  let base = '';

  test.beforeAll(async () => {
    test.setTimeout(600_000);
    const port = await freePort();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-team-'));
    chmodSync(dataDir, 0o755); // The embedded Postgres runs as its own user and must reach it.
    // The web app is already built by the main test server; this instance reuses that build.
    child = spawn(process.execPath, ['bin/taskmaster.mjs', 'start'], {
      env: { ...process.env, HOST: '0.0.0.0', PORT: String(port), TASKMASTER_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    base = `http://${lanAddress()}:${port}`;
    await expect
      .poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status ?? 0, { timeout: 540_000, intervals: [500] })
      .toBe(200);
  });

  test.afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the first visitor needs the setup code printed in the log to become the owner', async ({ page }, testInfo) => {
    const code = /enter this setup code: ([A-Z0-9-]+)/.exec(log)?.[1];
    expect(code, 'the server prints a setup code when it listens beyond this machine').toBeTruthy();

    await page.goto(`${base}/workflows`);
    await expect(page).toHaveURL(/\/setup/);
    await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
    await page.getByLabel('Your name').fill('Olive Owner');
    await page.getByLabel('E-mail').fill('olive@example.test');
    await page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await page.getByLabel('Setup code').fill('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: 'Create the owner account' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The setup code is wrong' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('setup-wrong-code.png') });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);

    await page.getByLabel('Setup code').fill(code!.toLowerCase()); // Case and dashes don't matter.
    await page.getByRole('button', { name: 'Create the owner account' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(page.getByText('Olive Owner')).toBeVisible();

    // Once there is an owner, setup is closed for everybody.
    const again = await fetch(`${base}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Mallory', email: 'm@example.test', password: 'another password', code }),
    });
    expect(again.status).toBe(409);
  });

  test('an invited editor joins by link; deactivating them ends their session at once', async ({ browser }, testInfo) => {
    const owner = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const ownerPage = await owner.newPage();
    await ownerPage.goto(`${base}/sign-in`);
    await ownerPage.getByLabel('E-mail').fill('olive@example.test');
    await ownerPage.getByLabel('Password').fill('a long enough password');
    await ownerPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(ownerPage.getByRole('button', { name: 'Sign out' })).toBeVisible();

    await ownerPage.goto(`${base}/users`);
    await ownerPage.getByLabel('E-mail', { exact: true }).fill('eddie@example.test');
    await ownerPage.getByLabel('Role', { exact: true }).selectOption('editor');
    await ownerPage.getByRole('button', { name: 'Make an invitation link' }).click();
    const link = await ownerPage.getByLabel('Invitation link (shown once)').inputValue();
    expect(link).toMatch(/\/invite\//);

    const editor = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const editorPage = await editor.newPage();
    await editorPage.goto(new URL(new URL(link).pathname, base).toString());
    await expect(editorPage.getByRole('heading', { name: 'Join TaskMaster' })).toBeVisible();
    await editorPage.getByLabel('Your name').fill('Eddie Editor');
    await editorPage.getByLabel('Password').fill('eddies own password');
    await editorPage.getByRole('button', { name: 'Create my account' }).click();
    await expect(editorPage.getByRole('button', { name: 'Sign out' })).toBeVisible();
    // An editor doesn't manage people.
    await expect(editorPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
    expect((await editor.request.get(`${base}/api/trpc/workflows.list`)).status()).toBe(200);

    await ownerPage.reload();
    const row = ownerPage.locator('[data-testid=user-row][data-email="eddie@example.test"]');
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await expect(row).toContainText('Deactivated');
    await ownerPage.screenshot({ path: testInfo.outputPath('users-deactivated.png') });

    // The very next request of the open session is refused, and the page sends them to sign-in.
    expect((await editor.request.get(`${base}/api/trpc/workflows.list`)).status()).toBe(401);
    await editorPage.goto(`${base}/workflows`);
    await expect(editorPage).toHaveURL(/\/sign-in/);
    await owner.close();
    await editor.close();
  });
});

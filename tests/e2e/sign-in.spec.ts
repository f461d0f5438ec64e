/**
 * Sign-in as a person meets it: a private page sends a signed-out browser to sign-in, a wrong
 * password gets a plain message, signing in returns to the page asked for, signing out ends it.
 * Every page carries the security headers and can't be framed by another origin.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { OWNER } from './global-setup';

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('sends a private page to sign-in, then back to it once signed in', async ({ page }, testInfo) => {
    await page.goto('/credentials');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fcredentials$/);
    await expect(page.getByRole('heading', { name: 'Sign in to TaskMaster' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);

    await page.getByLabel('E-mail').fill(OWNER.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The e-mail or password is wrong.' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('sign-in-wrong.png') });
    await page.setViewportSize({ width: 390, height: 800 });
    await page.screenshot({ path: testInfo.outputPath('sign-in-phone.png') });
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/credentials$/);
    await expect(page.getByText(`${OWNER.name}`)).toBeVisible();

    // The setup page is closed once there is an owner.
    await page.goto('/setup');
    await expect(page).toHaveURL(/\/workflows$|\/sign-in|\/$/);
  });

  test('the API answers 401 without a session', async ({ request }) => {
    const res = await request.get('/api/trpc/workflows.list');
    expect(res.status()).toBe(401);
  });
});

test('signs out: the page goes to sign-in and the old session no longer works', async ({ browser, baseURL }) => {
  // A session of its own, so the shared owner state stays signed in for other tests.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const cookies = await context.cookies();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  const stale = await context.request.get(`${baseURL}/api/trpc/workflows.list`, {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
  });
  expect(stale.status()).toBe(401);
  await context.close();
});

test('every page carries the security headers and refuses to be framed', async ({ page, request }) => {
  for (const path of ['/workflows', '/settings', '/credentials', '/sign-in', '/templates']) {
    const res = await request.get(path, { maxRedirects: 0 });
    const headers = res.headers();
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('same-origin');
  }
  // A page on another origin that frames Settings gets nothing drawn in the frame.
  await page.goto('/workflows');
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/frame-ancestors|Refused to (display|frame)/i.test(message.text())) blocked.push(message.text());
  });
  await page.setContent(
    `<iframe id="f" src="${page.url().replace('/workflows', '/settings').replace('127.0.0.1', 'localhost')}"></iframe>`,
  );
  // Chromium shows its error page in a frame it refused (and may log why in the console).
  const refused = () => blocked.length > 0 || page.frames().some((frame) => frame.url().startsWith('chrome-error:'));
  await expect.poll(refused).toBe(true);
  const framed = page.frames().find((frame) => frame !== page.mainFrame());
  if (framed && !framed.url().startsWith('chrome-error:')) await expect(framed.getByRole('heading', { name: 'Settings' })).toHaveCount(0);
});

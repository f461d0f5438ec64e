/**
 * API keys and the REST API reference as a person meets them: make a key (shown once), use it
 * from a script, revoke it, and read what the API offers. Both pages pass axe.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

async function axeClean(page: import('@playwright/test').Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
}

test('makes an API key, shows it once, a script uses it, and revoking stops it', async ({ page, playwright, baseURL }, testInfo) => {
  await page.goto('/workflows');
  await page.getByRole('banner').getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveURL(/\/api-keys$/);
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
  await expect(page.getByText('You have no API keys yet.')).toBeVisible();
  await axeClean(page);
  await page.screenshot({ path: testInfo.outputPath('api-keys-empty.png'), fullPage: true });

  await page.getByLabel('Name', { exact: true }).fill('Nightly report script');
  await page.getByRole('checkbox', { name: /^Run/ }).check();
  await page.getByRole('button', { name: 'Make the key' }).click();
  const key = await page.getByTestId('new-key').inputValue();
  expect(key).toMatch(/^tm_/);
  await expect(page.getByTestId('key-row')).toHaveCount(1);
  await expect(page.getByTestId('key-row')).toContainText('read, run');
  await expect(page.getByTestId('key-row')).toContainText('Never');
  await axeClean(page);
  await page.screenshot({ path: testInfo.outputPath('api-keys-made.png'), fullPage: true });

  // A script, without the browser's cookies.
  const script = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const me = await script.get('/api/v1/me', { headers: { authorization: `Bearer ${key}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ role: 'owner', scopes: ['read', 'run'] });

  await page.reload();
  await expect(page.getByTestId('key-row')).not.toContainText('Never');
  await page.getByRole('button', { name: 'Revoke Nightly report script' }).click();
  await expect(page.getByTestId('key-row')).toContainText('Revoked');
  expect((await script.get('/api/v1/me', { headers: { authorization: `Bearer ${key}` } })).status()).toBe(401);
  await script.dispose();
  await page.screenshot({ path: testInfo.outputPath('api-keys-revoked.png'), fullPage: true });
});

test('the REST API reference lists every operation from the served document', async ({ page, request }, testInfo) => {
  const doc = await (await request.get('/api/v1/openapi.json')).json();
  const count = Object.values(doc.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
  await page.goto('/api-keys');
  await page.getByRole('link', { name: 'REST API' }).click();
  await expect(page).toHaveURL(/\/api-docs$/);
  await expect(page.getByRole('heading', { name: 'REST API', level: 1 })).toBeVisible();
  await expect(page.getByTestId('api-operation')).toHaveCount(count);
  await expect(page.getByRole('heading', { name: /post \/api\/v1\/workflows\/\{id\}\/runs/i })).toBeVisible();
  await axeClean(page);
  await page.screenshot({ path: testInfo.outputPath('api-docs.png'), fullPage: true });
});

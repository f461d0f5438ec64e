/**
 * Browser automation as a user meets it: make a browser profile, check it with a test page,
 * then run a workflow that opens a page with it and see the screenshot in the step's output.
 */
import http from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { createWorkflow, openWorkflow, stepNode, selectStep } from './helpers';

let site: http.Server;
let siteUrl = '';

test.beforeAll(async () => {
  site = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Garden shop</title><h1 style="font:40px sans-serif;color:#166534">Welcome to the garden shop</h1>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}/`;
});

test.afterAll(async () => {
  site.closeAllConnections();
  await new Promise<void>((resolve) => site.close(() => resolve()));
});

const row = (page: Page, name: string) => page.getByTestId('profile-row').filter({ has: page.getByRole('button', { name, exact: true }) });

test('makes a browser profile, opens a test page with it, duplicates and deletes it', async ({ page }, testInfo) => {
  await page.goto('/workflows');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Browser profiles' }).click();
  await expect(page.getByRole('heading', { name: 'Browser profiles' })).toBeVisible();
  await page
    .getByRole('button', { name: /New profile|Make the first profile/ })
    .first()
    .click();

  const form = page.getByRole('dialog', { name: 'New browser profile' });
  await form.getByLabel('Name', { exact: true }).fill('Garden shop');
  await form.getByLabel('Language').fill('de-DE');
  await form.getByLabel('Time zone').fill('Mars/Base');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form.getByText('Write the time zone like Europe/Berlin')).toBeVisible();
  await form.getByLabel('Time zone').fill('Europe/Berlin');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(row(page, 'Garden shop')).toContainText('language de-DE · time zone Europe/Berlin');

  await row(page, 'Garden shop').getByRole('button', { name: 'Open a test page with Garden shop' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a test page with "Garden shop"' });
  await dialog.getByLabel('Web address').fill(siteUrl);
  await dialog.getByRole('button', { name: 'Open page' }).click();
  const result = dialog.getByTestId('test-page-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByRole('img')).toBeVisible();
  await expect(result).toContainText('Europe/Berlin');
  await expect(result).toContainText('de-DE');
  await page.screenshot({ path: testInfo.outputPath('1-test-page.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();

  await row(page, 'Garden shop').getByRole('button', { name: 'Duplicate Garden shop' }).click();
  await expect(row(page, 'Garden shop (copy)')).toBeVisible();
  await row(page, 'Garden shop (copy)').getByRole('button', { name: 'Delete Garden shop (copy)' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete profile' }).click();
  await expect(row(page, 'Garden shop (copy)')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('2-list.png') });
});

test('a browser workflow shows its screenshot in the step output', async ({ page, request }, testInfo) => {
  const made = await request.post('/api/trpc/profiles.create', {
    data: { name: 'Shop visitor', viewportWidth: 1024, viewportHeight: 640 },
  });
  expect(made.ok(), await made.text()).toBe(true);
  const profileId = ((await made.json()) as { result: { data: { id: string } } }).result.data.id;
  const id = await createWorkflow(
    request,
    'Look at the shop',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      { id: 'open', type: 'browser-open', name: 'Open the shop', position: { x: 320, y: 0 }, config: { url: siteUrl, profileId } },
      { id: 'shot', type: 'browser-screenshot', name: 'Take a picture', position: { x: 640, y: 0 }, config: {} },
    ],
    [
      ['start', 'open'],
      ['open', 'shot'],
    ],
  );
  await openWorkflow(page, id, 'Take a picture');
  await selectStep(page, 'Open the shop');
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await expect(panel.getByLabel('Browser profile')).toHaveValue(profileId);
  await expect(panel.getByLabel('Browser profile').locator('option:checked')).toHaveText('Shop visitor');
  await expect(panel.getByText('This profile was deleted')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('2-open-settings.png') });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Take a picture').locator('[data-status=succeeded]')).toBeVisible({ timeout: 30_000 });
  await selectStep(page, 'Take a picture');
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel.getByTestId('screenshots').getByRole('img')).toBeVisible();
  await expect(panel.getByRole('table')).toContainText('1024');
  await page.screenshot({ path: testInfo.outputPath('3-screenshot-output.png') });
});

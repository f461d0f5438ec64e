/**
 * What an administrator does on the Settings page: open it from the top bar, change values,
 * save, and find them again after a reload; a value the server refuses is explained at its field.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { createWorkflow, openWorkflow, stepNode } from './helpers';

// Other browser tests share this TaskMaster: put back what this one changes.
test.afterEach(async ({ request }) => {
  const reset = await request.post('/api/trpc/settings.update', {
    data: { retentionDays: 0, allowedHosts: [], shellEnabled: false, publicUrl: null },
  });
  expect(reset.ok(), await reset.text()).toBe(true);
});

test('changes settings, saves them, and finds them again after a reload', async ({ page, request }) => {
  await page.goto('/workflows');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByText('All changes are saved.')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('settings-top.png') });

  await page.getByLabel('Keep runs for (days)').fill('45');
  await page.getByLabel('Sites steps may call').fill('HTTPS://API.example.com/v1\n*.mycompany.com');
  await page.getByRole('switch', { name: 'Allow the “Run command” step' }).click();
  await expect(page.getByText('Anyone who can edit a workflow can then run any program here')).toBeVisible();
  await expect(page.getByText('You have unsaved changes.')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('settings-security.png') });
  await page.getByLabel('Default mail server').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settings-email.png') });
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('toast')).toContainText('Settings saved. They apply at once.');

  await page.reload();
  await expect(page.getByLabel('Keep runs for (days)')).toHaveValue('45');
  // Saved as the host alone, the way it is checked.
  await expect(page.getByLabel('Sites steps may call')).toHaveValue('api.example.com\n*.mycompany.com');
  await expect(page.getByRole('switch', { name: 'Allow the “Run command” step' })).toHaveAttribute('aria-checked', 'true');
  const stored = await request.get('/api/trpc/settings.get');
  expect(((await stored.json()) as { result: { data: { settings: Record<string, unknown> } } }).result.data.settings).toMatchObject({
    retentionDays: 45,
    allowedHosts: ['api.example.com', '*.mycompany.com'],
    shellEnabled: true,
  });
});

test('explains a value the server refuses at its field, and saves nothing', async ({ page }) => {
  await page.goto('/settings');
  const retries = page.getByLabel('Try a failed step again');
  await retries.fill('11');
  await page.getByLabel('Sites steps may call').fill('example.com:8080');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('form', { name: 'Settings' }).getByRole('alert')).toContainText('Some settings need another value');
  await expect(page.getByText('The number of extra tries must be at most 10.')).toBeVisible();
  await expect(page.getByText('“example.com:8080”: leave out the port.')).toBeVisible();
  await expect(retries).toHaveAttribute('aria-invalid', 'true');
  await retries.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settings-problems.png') });
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await expect(retries).toHaveValue('0');
  await page.reload();
  await expect(retries).toHaveValue('0');
});

test('the public address set in Settings starts webhook and share links', async ({ page, request, baseURL }, testInfo) => {
  // Another name of this same server, so the links still lead here.
  const publicUrl = (baseURL ?? '').replace('127.0.0.1', 'localhost');
  expect(publicUrl).toContain('localhost');
  await page.goto('/settings');
  const field = page.getByLabel('Public address');
  await expect(field).toHaveValue('');
  await field.fill('ftp://nowhere');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('The public address must start with http:// or https://, like https://tm.example.com.')).toBeVisible();
  await field.fill(`${publicUrl}/`);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('toast')).toContainText('Settings saved.');
  await expect(field).toHaveValue(publicUrl);
  const violations = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(violations).toEqual([]);
  await field.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('settings-public-address.png') });

  const path = `public-${Date.now()}`;
  const name = `Public address ${path}`;
  const id = await createWorkflow(request, name, [
    { id: 'hook', type: 'webhook-trigger', name: 'New order', position: { x: 0, y: 0 }, config: { path, method: 'POST' } },
  ]);
  await openWorkflow(page, id, 'New order');
  await stepNode(page, 'New order').click();
  const urls = page.getByTestId('trigger-panel').getByTestId('webhook-url');
  await expect(urls.first()).toContainText(`${publicUrl}/webhook/${path}`);
  await page.goto('/workflows');
  await page.getByRole('button', { name: `Share ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Share "${name}"` });
  await dialog.getByRole('button', { name: 'Turn on a link' }).click();
  await expect(dialog.getByTestId('share-link')).toHaveValue(new RegExp(`^${publicUrl.replace(/[.:/]/g, '\\$&')}/share/`));
});

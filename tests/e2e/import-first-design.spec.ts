/** A workflow file of the first design (triggers/actions) goes in through Import with its conversion report. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { stepNode } from './helpers';

test('imports a first-design file and says how it was converted', async ({ page }, testInfo) => {
  const text = (
    await readFile(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'first-design', 'clean-sales.yaml'), 'utf8')
  ).replace('Clean sales', `Clean sales ${Date.now()}`);
  await page.goto('/workflows');
  await expect(page.getByRole('heading', { name: 'Workflows' })).toBeVisible();
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a workflow' });
  await dialog.getByLabel('Workflow text').fill(text);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();

  const report = page.getByRole('dialog', { name: 'Workflow imported' });
  await expect(report.getByTestId('import-notes')).toContainText('Converted from the first design');
  await expect(report.getByTestId('import-notes')).toContainText(
    'Action "clean" (drop_na) became the step "Drop rows with missing values".',
  );
  await page.screenshot({ path: testInfo.outputPath('first-design-report.png') });
  const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);

  await report.getByRole('button', { name: 'Open the workflow' }).click();
  await expect(stepNode(page, 'clean')).toBeVisible({ timeout: 30_000 });
  await expect(stepNode(page, 'save')).toBeVisible();
});

test('shows "check before use" on an imported workflow until it is marked as checked', async ({ page }, testInfo) => {
  const name = `Needs a look ${Date.now()}`;
  const text = `name: ${name}\ntriggers:\n  - type: manual\nactions:\n  - id: train\n    type: train_model\n`;
  await page.goto('/workflows');
  await expect(page.getByRole('heading', { name: 'Workflows' })).toBeVisible();
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a workflow' });
  await dialog.getByLabel('Workflow text').fill(text);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('dialog', { name: 'Workflow imported' }).getByRole('button', { name: 'Open the workflow' }).click();

  const banner = page.getByTestId('check-before-use');
  await expect(banner).toContainText('Check before use');
  // The list says so too.
  await page.goto('/workflows');
  const row = page.getByTestId('workflow-row').filter({ hasText: name });
  await expect(row.getByTestId('check-badge')).toBeVisible();
  await row.getByRole('link', { name }).click();
  await expect(banner).toContainText('Check before use');
  await banner.getByText('What to check (1)').click();
  await expect(banner).toContainText('"train" needs attention');
  await page.screenshot({ path: testInfo.outputPath('check-before-use.png') });
  const axe = await new AxeBuilder({ page }).include('[data-testid=check-before-use]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);

  // Run asks first while the mark is there: "Not now" starts nothing, "Run anyway" runs it.
  const run = page.getByRole('button', { name: 'Run', exact: true });
  const ask = page.getByRole('dialog', { name: 'Run before it is checked?' });
  await run.click();
  await expect(ask).toContainText('"train" needs attention');
  const askAxe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(askAxe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('run-before-checked.png') });
  await ask.getByRole('button', { name: 'Not now' }).click();
  await expect(ask).toHaveCount(0);
  await expect(stepNode(page, 'train').locator('[data-status]')).toHaveCount(0);
  await run.click();
  await ask.getByRole('button', { name: 'Run anyway' }).click();
  await expect(stepNode(page, 'train').locator('[data-status=failed]')).toBeVisible({ timeout: 60_000 });

  await banner.getByRole('button', { name: 'Mark as checked' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: /^Saved\./ })).toBeVisible();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(stepNode(page, 'train')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('check-before-use')).toHaveCount(0);
  // Checked: Run runs at once, without asking.
  await run.click();
  await expect(stepNode(page, 'train').locator('[data-status=failed]')).toBeVisible({ timeout: 60_000 });
  await expect(ask).toHaveCount(0);
});

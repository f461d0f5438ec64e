/**
 * The workflow's time zone is set in Workflow details (it could only be set in a file, the API or
 * an n8n import before), is kept when saved, refuses a name that is not a zone without losing the
 * saved one, and a Date & time step without a zone of its own reads dates in it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createWorkflow, openWorkflow, selectStep } from './helpers';

const details = (page: Page) => page.getByRole('complementary', { name: 'Workflow details' });
const panel = (page: Page) => page.getByRole('complementary', { name: 'Step panel' });

async function hourShown(page: Page): Promise<string> {
  await selectStep(page, 'Take the hour');
  await panel(page).getByRole('tab', { name: 'Output' }).click();
  const table = panel(page).getByTestId('output-table');
  await expect(table).toBeVisible();
  const headers = await table.locator('thead th').allInnerTexts();
  const index = headers.findIndex((h) => h.trim() === 'hour');
  expect(index, `an hour column in ${headers.join(', ')}`).toBeGreaterThan(0);
  return table.locator('tbody tr').first().locator('td').nth(index).innerText();
}

test('the time zone set in Workflow details is saved and used by a Date & time step', async ({ page, request }, testInfo) => {
  // 2024-03-31 01:30 UTC: 03:30 in Berlin, where summer time began at 02:00 that night.
  const id = await createWorkflow(
    request,
    'Hours in Berlin',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'when',
        type: 'set-fields',
        name: 'A time',
        position: { x: 300, y: 0 },
        config: { fields: [{ name: 'at', value: '2024-03-31T01:30:00Z' }] },
      },
      {
        id: 'hour',
        type: 'date-time',
        name: 'Take the hour',
        position: { x: 600, y: 0 },
        config: { operation: 'part', field: 'at', part: 'hour' },
      },
    ],
    [
      ['start', 'when'],
      ['when', 'hour'],
    ],
  );
  await openWorkflow(page, id, 'Take the hour');
  await page.getByRole('button', { name: 'Details' }).click();
  const zone = details(page).getByRole('combobox', { name: 'Time zone' });
  await expect(zone).toHaveValue('');

  // A name that is not a zone is refused in words and never saved.
  await zone.fill('Berlin');
  await expect(details(page)).toContainText('“Berlin” is not a time zone');
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  await zone.fill('Europe/Berlin');
  await expect(details(page)).toContainText('Date & time steps without a zone of their own use it');
  await page.screenshot({ path: testInfo.outputPath('time-zone-details.png') });
  const results = await new AxeBuilder({ page }).include('aside[aria-label="Workflow details"]').analyze();
  expect(results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await page.reload();
  await page.getByRole('button', { name: 'Details' }).click();
  await expect(details(page).getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/Berlin');

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  expect(await hourShown(page)).toBe('3');
});

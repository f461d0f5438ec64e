/**
 * The runs page and the dashboard as a person sees them at 1280 px and at phone width
 * (test-results/runs-page-*.png, home-*.png), with axe-core at both: the top bar keeps every
 * page link reachable, and a filter by the trigger input finds this test's runs.
 */
import { expect, test } from '@playwright/test';
import { createWorkflow } from './helpers';
import { runToEnd, screenshotBothWidths } from './dash-helpers';

test.describe.configure({ timeout: 180_000 });

test('runs page and dashboard read well at 1280 px and phone width', async ({ page, request }) => {
  const token = `qx7-${Date.now()}`;
  const id = await createWorkflow(
    request,
    'Import orders',
    [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 } },
      {
        id: 'set',
        type: 'set-fields',
        name: 'Mark imported',
        position: { x: 240, y: 0 },
        config: { fields: [{ name: 'imported', value: 'yes' }] },
      },
    ],
    [['start', 'set']],
  );
  for (let i = 0; i < 3; i++) expect((await runToEnd(request, id, { orderId: `${token}-${i}` })).status).toBe('succeeded');

  await page.goto('/runs');
  await expect(page.getByRole('heading', { name: 'Runs', exact: true, level: 1 })).toBeVisible();
  await page.getByRole('searchbox').fill(token);
  await expect(page.getByTestId('run-row')).toHaveCount(3);
  await screenshotBothWidths(page, 'runs-page');

  // At 1280 px the last page link (Settings) is fully inside the bar.
  const settingsLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' });
  const box = await settingsLink.boundingBox();
  const nav = await page.getByRole('navigation', { name: 'Main' }).boundingBox();
  expect(box && nav && box.x + box.width <= nav.x + nav.width + 0.5).toBe(true);

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByTestId('status-chart')).toBeVisible();
  await screenshotBothWidths(page, 'home');
});

/**
 * The home dashboard and the runs page as a user meets them: a failing workflow shows under
 * "Failing now" with its step and error in words, runs of every workflow are listed, filtered,
 * selected and deleted, and a run opens in the editor. Both pages live-update, pass axe-core,
 * and are photographed at 1280 px and phone width (test-results/).
 */
import { expect, test } from '@playwright/test';
import { createWorkflow } from './helpers';
import { runToEnd, screenshotBothWidths, trpcPost } from './dash-helpers';

test('dashboard and runs page show failing and succeeding workflows', async ({ page, request }) => {
  // An instance-wide error workflow (another test's, say) would add a run per failure whose input
  // holds this test's search token: this test counts runs with the built-in alert rules.
  await trpcPost(request, 'alerts.reset', { scope: '*' });
  const failing = await createWorkflow(
    request,
    'Nightly price check',
    [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 } },
      {
        id: 'fetch',
        type: 'stop-with-error',
        name: 'Fetch prices',
        position: { x: 240, y: 0 },
        config: { message: 'connect ECONNREFUSED 127.0.0.1:9' },
      },
    ],
    [['start', 'fetch']],
  );
  const fine = await createWorkflow(
    request,
    'Greet customers',
    [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 } },
      { id: 'set', type: 'set-fields', name: 'Greet', position: { x: 240, y: 0 }, config: { fields: [{ name: 'hello', value: 'yes' }] } },
    ],
    [['start', 'set']],
  );
  expect((await runToEnd(request, failing, { orderId: 'ZQ9-A-1' })).status).toBe('failed');
  for (let i = 0; i < 3; i++) expect((await runToEnd(request, fine, { orderId: `ZQ9-B-${i}` })).status).toBe('succeeded');

  // The home page is the dashboard.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  const failingBox = page.getByRole('region', { name: 'Failing now' });
  await expect(failingBox).toContainText('Nightly price check');
  await expect(failingBox).toContainText('In step “Fetch prices”: connect ECONNREFUSED 127.0.0.1:9');
  await expect(failingBox).toContainText('Nothing answered at that address');
  await expect(page.getByTestId('status-chart')).toBeVisible();
  const stats = page.getByRole('region', { name: /^Workflows, last 24 hours/ });
  await expect(stats.getByRole('row', { name: /Greet customers/ })).toContainText('100 %');

  // A run finishing elsewhere shows without a reload.
  const fix = await runToEnd(request, failing, { orderId: 'ZQ9-A-2' });
  expect(fix.status).toBe('failed');
  await expect(failingBox).toContainText('2 times in a row');
  await screenshotBothWidths(page, 'dashboard');

  // Runs page: every workflow's runs, newest first.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByRole('heading', { name: 'Runs', exact: true, level: 1 })).toBeVisible();
  const rows = page.getByTestId('run-row');
  // Earlier tests' runs are listed too: this test's runs are the ones whose input holds "zq9-" (a token no other test uses).
  await expect(rows.first()).toBeVisible();
  await page.getByRole('searchbox').fill('zq9-');
  await expect(rows).toHaveCount(5);
  await page.getByRole('group', { name: 'Status' }).getByText('Failed', { exact: true }).click();
  await expect(rows).toHaveCount(2);
  await page.getByRole('group', { name: 'Status' }).getByText('Failed', { exact: true }).click();
  await page.getByRole('searchbox').fill('zq9-b-1');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Greet customers');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('searchbox')).toHaveValue('');
  await page.getByRole('searchbox').fill('zq9-');
  await expect(rows).toHaveCount(5);
  await screenshotBothWidths(page, 'runs');

  // A new run appears live; select two and delete them.
  await runToEnd(request, fine, { orderId: 'ZQ9-C-1' });
  await expect(rows).toHaveCount(6);
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  await expect(page.getByText('2 runs selected')).toBeVisible();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('2 runs deleted.')).toBeVisible();
  await expect(rows).toHaveCount(4);

  // A run opens in the editor's past-run view. The two deleted were the newest (C-1, A-2): one failed run is left.
  await page.getByRole('group', { name: 'Status' }).getByText('Failed', { exact: true }).click();
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole('link', { name: 'Nightly price check' }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${failing}\\?run=run_`));
  await expect(page.locator('[data-testid=step-node][data-name="Fetch prices"] [data-status=failed]')).toBeVisible();
});

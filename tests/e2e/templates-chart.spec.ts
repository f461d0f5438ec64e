/**
 * Built-in templates as a user meets them: the sales report runs and its grouping step's output
 * is seen as a chart; a template that needs a database asks which saved one to use.
 */
import { expect, test } from '@playwright/test';
import { stepNode, selectStep } from './helpers';

test('runs the sales report template and shows its grouping step as a bar chart', async ({ page }, testInfo) => {
  await page.goto('/templates');
  await page.getByRole('searchbox', { name: 'Search' }).fill('sales region');
  await page.getByRole('button', { name: 'Use the template Sales report by region' }).click();
  await expect(page).toHaveURL(/\/workflows\/wf_[a-z0-9]+$/);
  await expect(page.getByTestId('sticky-note').getByLabel('Note text')).toHaveValue(/its output can be seen as a chart/);

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Save the report').locator('[data-status=succeeded]')).toBeVisible({ timeout: 30_000 });

  await selectStep(page, 'Group by region');
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel.getByTestId('output-table').locator('tbody tr')).toHaveCount(4);
  await panel.getByRole('group', { name: 'Show as' }).getByRole('button', { name: 'Chart' }).click();

  // One bar per region of the sample sales (North, South, East, West).
  const chart = panel.getByTestId('output-chart');
  await expect(chart.getByRole('img', { name: 'Bar chart of orders by region' })).toBeVisible();
  await expect(chart.getByTestId('chart-bar')).toHaveCount(4);
  await chart.getByLabel('Draw').selectOption('total');
  await expect(chart.getByRole('img', { name: 'Bar chart of total by region' })).toBeVisible();
  await expect(chart.getByTestId('chart-bar')).toHaveCount(4);
  await expect(chart.locator('svg.recharts-surface')).toContainText('East');
  // The messages of "created" and "finished" would cover the chart's labels in the picture.
  const closeMessage = page.getByRole('button', { name: 'Close message' });
  while ((await closeMessage.count()) > 0) await closeMessage.first().click();
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('sales-chart.png') });
  await chart.screenshot({ path: testInfo.outputPath('sales-chart-only.png') });

  await chart.getByLabel('as').selectOption('line');
  await expect(chart.getByTestId('chart-bar')).toHaveCount(0);
  await expect(chart.getByTestId('chart-point')).toHaveCount(4);
});

test('asks which saved database a template writes to, and puts it into its steps', async ({ page, request }) => {
  const res = await request.post('/api/trpc/credentials.create', {
    data: { name: 'Shop DB', type: 'postgres', values: { connectionString: 'postgres://shop:secret@127.0.0.1:5432/shop', ssl: 'disable' } },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const credentialId = ((await res.json()) as { result: { data: { id: string } } }).result.data.id;

  await page.goto('/templates');
  await page.getByRole('button', { name: 'Use the template Save webhook requests as database rows' }).click();
  const dialog = page.getByRole('dialog', { name: 'Use "Save webhook requests as database rows"' });
  // The only saved PostgreSQL database is offered first.
  await expect(dialog.getByLabel('PostgreSQL database')).toHaveValue(credentialId);
  await expect(dialog).toContainText('Used by the steps "Make sure the table exists", "Add a row to contact_requests".');
  await dialog.getByRole('button', { name: 'Create the workflow' }).click();

  await expect(page).toHaveURL(/\/workflows\/wf_[a-z0-9]+$/);
  await expect(stepNode(page, 'Add a row to contact_requests')).toBeVisible();
  await expect(page.getByTestId('node-problem')).toHaveCount(0);
  await selectStep(page, 'Add a row to contact_requests');
  await expect(page.getByRole('complementary', { name: 'Step panel' }).getByLabel('Database')).toHaveValue(credentialId);
});

/** Load CSV from a file on the user's computer: Upload puts it in the data folder, the step reads it. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createWorkflow, openWorkflow, stepNode, selectStep } from './helpers';

// vega-datasets' seattle-weather.csv: 1,461 days (counted with a node one-liner).
const WEATHER = path.join(path.dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data', 'seattle-weather.csv');

test('a CSV uploaded in the Load CSV form is read by the step', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Uploaded weather',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      { id: 'load', type: 'load-csv', name: 'Load weather', position: { x: 320, y: 0 }, config: { source: 'file' } },
    ],
    [['start', 'load']],
  );
  await openWorkflow(page, id, 'Load weather');
  await selectStep(page, 'Load weather');
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  const pathField = panel.getByRole('textbox', { name: /File path/ });
  await expect(pathField).toHaveValue('');

  await panel.getByTestId('upload-input').setInputFiles(WEATHER);
  await expect(panel.getByRole('status').filter({ hasText: 'Uploaded' })).toHaveText(
    /Uploaded to the data folder as uploads\/seattle-weather(-\d+)?\.csv\./,
  );
  await expect(pathField).toHaveValue(/^uploads\/seattle-weather(-\d+)?\.csv$/);
  await page.screenshot({ path: testInfo.outputPath('uploaded.png') });

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Load weather').locator('[data-status=succeeded]')).toBeVisible();
  await expect(stepNode(page, 'Load weather')).toContainText('1,461 items');
});

/** A file a Save step wrote is downloaded from the step's output in the editor. */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { createWorkflow, openWorkflow, stepNode, selectStep } from './helpers';

test('the output of Save CSV offers the saved file for download', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Save and download',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'people',
        type: 'code',
        name: 'Make people',
        position: { x: 320, y: 0 },
        config: { mode: 'all', code: "return [{ name: 'Ada', born: 1815 }, { name: 'Alan', born: 1912 }];" },
      },
      { id: 'save', type: 'save-csv', name: 'Save people', position: { x: 640, y: 0 }, config: { path: `e2e/people-${Date.now()}.csv` } },
    ],
    [
      ['start', 'people'],
      ['people', 'save'],
    ],
  );
  await openWorkflow(page, id, 'Save people');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Save people').locator('[data-status=succeeded]')).toBeVisible();

  await selectStep(page, 'Save people');
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await panel.getByRole('tab', { name: 'Output' }).click();
  const saved = panel.getByTestId('saved-file');
  await expect(saved).toContainText('Saved in the data folder: e2e/people-');
  await page.screenshot({ path: testInfo.outputPath('saved-file.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), saved.getByRole('link', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^people-\d+\.csv$/);
  const text = await readFile(await download.path(), 'utf8');
  expect(text.trim().split('\n')).toEqual(['name,born', 'Ada,1815', 'Alan,1912']);
});

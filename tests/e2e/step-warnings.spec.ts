/**
 * Step warnings as a user meets them: a Filter on a field no item has, and the Save CSV it left
 * without items, are marked on the canvas, explained in the step panel, and counted in the run.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createWorkflow, openWorkflow, stepNode, selectStep } from './helpers';

const panel = (page: Page) => page.getByRole('complementary', { name: 'Step panel' });

/**
 * Checked where this feature draws (warning badges, the warning box, the run's count): the
 * canvas's React Flow handles carry an aria-label axe flags (aria-prohibited-attr), which is
 * older than this feature and left to the canvas work.
 */
async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .include('[data-testid=step-warning-badge]')
    .include('[data-testid=node-warnings]')
    .include('[data-testid=run-warning-count]')
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('warnings show on the steps, in the step panel and in the run summary', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Big orders report',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'big',
        type: 'filter',
        name: 'Big orders',
        position: { x: 320, y: 0 },
        config: { conditions: [{ field: 'amonut', operator: 'gt', value: '100' }] },
      },
      { id: 'save', type: 'save-csv', name: 'Save report', position: { x: 640, y: 0 }, config: { path: 'reports/big.csv' } },
    ],
    [
      ['start', 'big'],
      ['big', 'save'],
    ],
  );
  await openWorkflow(page, id, 'Save report');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Big orders').getByTestId('step-warning-badge')).toHaveText('1 warning');
  await expect(stepNode(page, 'Save report').getByTestId('step-warning-badge')).toHaveText('1 warning');
  await expect(page.getByTestId('run-warning-count')).toHaveText('with 2 warnings');

  await selectStep(page, 'Big orders');
  await panel(page).getByRole('tab', { name: 'Output' }).click();
  await expect(panel(page).getByTestId('node-warnings')).toContainText('No item has the field "amonut". Check the spelling.');
  await page.screenshot({ path: testInfo.outputPath('warning-filter.png') });
  await expectNoSeriousAxeViolations(page);

  await selectStep(page, 'Save report');
  await panel(page).getByRole('tab', { name: 'Output' }).click();
  await expect(panel(page).getByTestId('node-warnings')).toContainText('Did not run: “Big orders” passed on no items');

  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByTestId('runs-list')).toContainText('2 warnings');
  await page.getByTestId('runs-list').locator('li button').first().click();
  await expect(page.getByText('Viewing a past run (read only).')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-warning-count')).toContainText('Finished with 2 warnings');
  await page.screenshot({ path: testInfo.outputPath('warning-run-summary.png') });
  await expectNoSeriousAxeViolations(page);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('warning-run-summary-phone.png') });
});

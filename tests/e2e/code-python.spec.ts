/**
 * The Python code step from the canvas: add it, write Python in its editor (Monaco), run, and see
 * the items it gave and what it printed; a mistake in the code shows as a plain error on the step.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createWorkflow, openWorkflow, selectStep, stepNode } from './helpers';

// Pyodide starts in a worker thread the first time a Python step runs: allow for it on a loaded machine.
test.describe.configure({ timeout: 180_000 });

const panelOf = (page: Page) => page.getByRole('complementary', { name: 'Step panel' });

async function typeCode(page: Page, code: string) {
  const editor = panelOf(page).getByTestId('code-editor-python');
  await expect(editor.locator('.view-lines')).toContainText('return');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  // Line by line, as a person types: Enter indents the next line by itself (after "for …:" too), so
  // Shift+Home selects that indentation and the line, with its own, replaces it.
  for (const [i, line] of code.split('\n').entries()) {
    if (i > 0) {
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home');
    }
    await page.keyboard.insertText(line);
  }
}

async function runWithInput(page: Page, input: string) {
  await page.getByRole('button', { name: 'Run with input' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run with input' });
  await dialog.getByLabel('Input (JSON)').fill(input);
  await dialog.getByRole('button', { name: 'Start run' }).click();
}

test('Python typed in the step editor groups and sums the items, and its output shows', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(request, `Sum by city ${Date.now()}`, [
    { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
  ]);
  await openWorkflow(page, id, 'Manual start');
  await stepNode(page, 'Manual start').getByRole('button', { name: 'Add a step after “Manual start”' }).click();
  await page.getByRole('dialog', { name: 'Add a step after “Manual start”' }).getByTestId('palette-code-python').click();
  await selectStep(page, 'Code (Python)');
  await typeCode(
    page,
    [
      'import statistics',
      'totals = {}',
      'for item in items:',
      '    totals.setdefault(item["city"], []).append(item["amount"])',
      'print(f"{len(items)} items, {len(totals)} cities")',
      'return [{"city": c, "total": sum(v), "mean": statistics.mean(v)} for c, v in sorted(totals.items())]',
    ].join('\n'),
  );
  const editor = panelOf(page).getByTestId('code-editor-python');
  await expect(editor.locator('.view-lines')).toContainText('statistics.mean(v)');
  await page.keyboard.press('Control+s');
  await expect(page.getByText('All changes saved')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('1-python-editor.png') });

  const items = [
    { city: 'Oslo', amount: 3 },
    { city: 'Lima', amount: 10 },
    { city: 'Oslo', amount: 5 },
    { city: 'Lima', amount: 20 },
    { city: 'Pune', amount: 7 },
  ];
  await runWithInput(page, JSON.stringify(items));
  await expect(stepNode(page, 'Code (Python)').locator('[data-status=succeeded]')).toBeVisible({ timeout: 120_000 });
  await selectStep(page, 'Code (Python)');
  const panel = panelOf(page);
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel).toContainText('3 items out');
  const table = panel.getByTestId('output-table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('Lima');
  await expect(rows.nth(0).getByRole('cell', { name: '30', exact: true })).toBeVisible();
  await expect(rows.nth(0).getByRole('cell', { name: '15', exact: true })).toBeVisible();
  await expect(rows.nth(1).getByRole('cell', { name: '8', exact: true })).toBeVisible();
  await expect(rows.nth(2)).toContainText('Pune');
  await expect(panel).toContainText('5 items, 3 cities');
  await page.screenshot({ path: testInfo.outputPath('2-python-output.png') });
  const axe = await new AxeBuilder({ page }).include('aside').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  // A mistake in the code: the step fails and says where, in words.
  await panel.getByRole('tab', { name: 'Settings' }).click();
  await typeCode(page, 'return [item["town"] for item in items]');
  await expect(editor.locator('.view-lines')).toContainText('town');
  await runWithInput(page, JSON.stringify(items));
  await expect(stepNode(page, 'Code (Python)').locator('[data-status=failed]')).toBeVisible({ timeout: 120_000 });
  await selectStep(page, 'Code (Python)');
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel).toContainText('KeyError');
  await page.screenshot({ path: testInfo.outputPath('3-python-error.png') });
});

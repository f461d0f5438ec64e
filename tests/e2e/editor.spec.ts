/**
 * What a first-time user does: make a workflow on the canvas, save it, come back to it, run it
 * and read the result.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createWorkflow, selectStep } from './helpers';

const stepNode = (page: Page, name: string) => page.locator(`[data-testid=step-node][data-name="${name}"]`);

/** The palette uses HTML5 drag and drop; Playwright's dragTo drives it natively in Chromium. */
async function dragFromPalette(page: Page, typeId: string, x: number, y: number) {
  await page.getByTestId(`palette-${typeId}`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

/** React Flow connects on real mouse moves (locator.dragTo does not drive it). */
async function connect(page: Page, from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('handle not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 });
  await page.mouse.up();
}

test('builds, saves, reopens and runs a workflow from the palette', async ({ page }, testInfo) => {
  await page.goto('/workflows');
  // The list (or its empty state) only shows once the page is live, so the click is not lost.
  await expect(page.getByRole('heading', { name: 'You have no workflows yet' }).or(page.getByRole('table'))).toBeVisible();
  await page.getByRole('button', { name: 'New workflow' }).click();
  await expect(page).toHaveURL(/\/workflows\/wf_[a-z0-9]+$/);
  await expect(page.getByText('Start with a trigger')).toBeVisible();

  await dragFromPalette(page, 'manual-trigger', 140, 220);
  await expect(stepNode(page, 'Manual start')).toBeVisible();
  await dragFromPalette(page, 'set-fields', 440, 220);
  await expect(stepNode(page, 'Set fields')).toBeVisible();
  // The live check marks the lone step as a problem, which makes its card taller and moves its
  // input dot: connect once that has happened, or the drop misses the dot.
  await expect(stepNode(page, 'Set fields')).toContainText('not connected to any trigger');

  await connect(
    page,
    stepNode(page, 'Manual start').locator('.react-flow__handle.source'),
    stepNode(page, 'Set fields').locator('.react-flow__handle.target'),
  );
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // The dropped step is selected, so its settings are open.
  await selectStep(page, 'Set fields');
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await panel.getByRole('button', { name: 'Add field' }).click();
  await panel.getByRole('textbox', { name: 'Field 1: Name' }).fill('greeting');
  await panel.getByRole('textbox', { name: 'Field 1: Value' }).fill('Hello from the test');
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('1-built.png') });

  await page.keyboard.press('Control+s');
  await expect(page.getByText('All changes saved')).toBeVisible();

  await page.reload();
  await expect(stepNode(page, 'Manual start')).toBeVisible();
  await expect(stepNode(page, 'Set fields')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await selectStep(page, 'Set fields');
  await expect(panel.getByRole('textbox', { name: 'Field 1: Value' })).toHaveValue('Hello from the test');

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Manual start').locator('[data-status=succeeded]')).toBeVisible();
  await expect(stepNode(page, 'Set fields').locator('[data-status=succeeded]')).toBeVisible();

  await selectStep(page, 'Set fields');
  await panel.getByRole('tab', { name: 'Output' }).click();
  const table = panel.getByTestId('output-table');
  await expect(table.getByRole('columnheader', { name: 'greeting' })).toBeVisible();
  await expect(table.getByRole('cell', { name: 'Hello from the test' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('2-ran.png') });
});

test('a keyboard user skips the step list to the canvas, and from a step to its settings', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(request, 'Skip link test', [
    { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
    { id: 'log', type: 'log-message', name: 'Say hello', position: { x: 320, y: 0 } },
  ]);
  await page.goto(`/workflows/${id}`);
  await expect(stepNode(page, 'Manual start')).toBeVisible();
  const skip = page.getByRole('link', { name: 'Skip to the canvas' });
  await skip.focus();
  await expect(skip).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('skip-link.png') });
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node:focus')).toHaveCount(1);

  // Enter on a focused step selects it and opens its settings; the second link goes there.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Step panel' })).toBeVisible();
  const toSettings = page.getByRole('link', { name: 'Skip to the step settings' });
  await toSettings.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Step name')).toBeFocused();
});

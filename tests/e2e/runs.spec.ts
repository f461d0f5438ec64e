/**
 * Runs as a user sees them: a step that fails says why in plain words, "Run from here" re-runs
 * only the steps after the chosen one, and a step with a huge output opens at once.
 */
import { createServer } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { createWorkflow, openWorkflow, stepNode, selectStep } from './helpers';

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const panel = (page: Page) => page.getByRole('complementary', { name: 'Step panel' });

test('a failing web request shows its error in plain words', async ({ page, request }, testInfo) => {
  const port = await closedPort();
  const id = await createWorkflow(
    request,
    'Failing request',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'call',
        type: 'http-request',
        name: 'Call the shop',
        position: { x: 320, y: 0 },
        config: { method: 'GET', url: `http://127.0.0.1:${port}/orders` },
      },
    ],
    [['start', 'call']],
  );
  await openWorkflow(page, id, 'Call the shop');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Call the shop').locator('[data-status=failed]')).toBeVisible();

  await selectStep(page, 'Call the shop');
  await panel(page).getByRole('tab', { name: 'Output' }).click();
  const error = panel(page).getByTestId('node-error');
  await expect(error).toBeVisible();
  await expect(error.getByTestId('node-error-plain')).toHaveText(/Nothing answered at that address/);
  await expect(error).toContainText(`127.0.0.1:${port}`);
  await page.screenshot({ path: testInfo.outputPath('failed-request.png') });
});

test('run from here re-runs only the chosen step and the steps after it', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Run from here',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'first',
        type: 'code',
        name: 'First stamp',
        position: { x: 320, y: 0 },
        config: { mode: 'each', code: 'return { first: Math.random() };' },
      },
      { id: 'second', type: 'code', name: 'Second stamp', position: { x: 640, y: 0 }, config: { mode: 'each', code: 'return item;' } },
    ],
    [
      ['start', 'first'],
      ['first', 'second'],
    ],
  );
  await openWorkflow(page, id, 'Second stamp');

  // Write the second step's code in the code editor (Monaco).
  await selectStep(page, 'Second stamp');
  const code = panel(page).getByTestId('code-editor-javascript');
  await expect(code.locator('.view-lines')).toContainText('return item;');
  await code.locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText('return { ...item, second: Math.random() };');
  await expect(code.locator('.view-lines')).toContainText('second: Math.random()');
  await page.screenshot({ path: testInfo.outputPath('code-editor.png') });

  const valueOf = async (step: string, column: string) => {
    await selectStep(page, step);
    await panel(page).getByRole('tab', { name: 'Output' }).click();
    const table = panel(page).getByTestId('output-table');
    await expect(table).toBeVisible();
    const headers = await table.locator('thead th').allInnerTexts();
    const index = headers.findIndex((h) => h.trim() === column);
    expect(index, `column ${column} in ${headers.join(', ')}`).toBeGreaterThan(0);
    return table.locator('tbody tr').first().locator('td').nth(index).innerText();
  };

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Second stamp').locator('[data-status=succeeded]')).toBeVisible();
  const first = await valueOf('First stamp', 'first');
  const second = await valueOf('Second stamp', 'second');

  await selectStep(page, 'Second stamp');
  await page.getByRole('toolbar', { name: 'Actions for Second stamp' }).getByRole('button', { name: 'Run from here' }).click();
  await expect(stepNode(page, 'First stamp').getByText('reused')).toBeVisible();
  await expect(stepNode(page, 'Manual start').getByText('reused')).toBeVisible();
  await expect(stepNode(page, 'Second stamp').locator('[data-status=succeeded]')).toBeVisible();
  await expect(stepNode(page, 'Second stamp').getByText('reused')).toHaveCount(0);

  expect(await valueOf('First stamp', 'first')).toBe(first);
  await expect(panel(page).getByTestId('reused-note')).toBeVisible();
  const again = await valueOf('Second stamp', 'second');
  expect(again).not.toBe(second);
  expect(await valueOf('Second stamp', 'first')).toBe(first);
  await page.screenshot({ path: testInfo.outputPath('run-from-here.png') });
});

test('a step with 100,000 output items opens at once, one sortable page at a time', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Big output',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'many',
        type: 'code',
        name: 'Make many',
        position: { x: 320, y: 0 },
        config: { mode: 'all', code: 'return Array.from({ length: 100000 }, (_, i) => ({ n: (i * 7919) % 100000, label: "row " + i }));' },
      },
    ],
    [['start', 'many']],
  );
  await openWorkflow(page, id, 'Make many');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Make many').locator('[data-status=succeeded]')).toBeVisible({ timeout: 60_000 });

  const pages: string[] = [];
  // Only this step's pages: the panel may still be loading another step's output when it opens.
  page.on('request', (r) => {
    const url = decodeURIComponent(r.url());
    if (url.includes('runs.outputPage') && url.includes('"nodeId":"many"')) pages.push(url);
  });
  await selectStep(page, 'Make many');
  await panel(page).getByRole('tab', { name: 'Output' }).click();
  await expect(panel(page).getByText('100,000 items out')).toBeVisible();
  await expect(panel(page).getByText('Items 1–100 of 100,000')).toBeVisible();
  const table = panel(page).getByTestId('output-table');
  await expect(table.locator('tbody tr')).toHaveCount(100);
  expect(pages).toHaveLength(1);
  expect(pages[0]).toContain('"limit":100');

  // Sorting works on the loaded page, and says so.
  await table.getByTitle('Sort this page by n', { exact: true }).click();
  await table.getByTitle('Sort this page by n', { exact: true }).click();
  await expect(table.getByRole('columnheader', { name: /^n/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(panel(page).getByTestId('sort-note')).toContainText('Only the 100 items on this page are sorted, not all 100,000');
  const firstCells = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
  const numbers = firstCells.map(Number);
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  await page.screenshot({ path: testInfo.outputPath('big-output.png') });
});

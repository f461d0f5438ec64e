/**
 * Browser steps for each item, built on the canvas: Open page set to "for each incoming item"
 * opens 10 local addresses from a list (3 at a time) and Read from page reads one value from
 * each: 10 output items with the right values, in the list's order.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { html, startTestSite, type TestSite } from '../helpers/test-site';
import { addAfter, createWorkflow, openWorkflow, selectStep, stepNode } from './helpers';

// Builds a flow step by step on the canvas, then opens 10 pages in Chromium on a loaded machine.
test.describe.configure({ timeout: 240_000 });

let site: TestSite;

test.beforeAll(async () => {
  site = await startTestSite({
    '/shop': (req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('item'));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html(`<h1>Item ${n}</h1><p id="price">${n * 7}</p>`, `Item ${n}`));
    },
  });
});

test.afterAll(async () => {
  await site.close();
});

const panelOf = (page: Page) => page.getByRole('complementary', { name: 'Step panel' });

test('opens 10 addresses from a list, one page per item, and reads one value from each', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(request, `Ten prices ${Date.now()}`, [
    { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
  ]);
  await openWorkflow(page, id, 'Manual start');
  const panel = panelOf(page);

  await addAfter(page, 'Manual start', 'browser-open', 'Browser: open page');
  await panel.getByLabel('Web address (URL)').fill('{{ $json.url }}');
  // "Pages open at the same time" only shows once "for each item" is chosen.
  await expect(panel.getByLabel('Pages open at the same time')).toHaveCount(0);
  await panel.getByLabel('Open it').selectOption({ label: 'For each incoming item: one page per item' });
  await panel.getByLabel('Pages open at the same time').fill('3');
  await expect(stepNode(page, 'Browser: open page').getByTestId('each-item-badge')).toHaveText('Each item');
  await expect(panel.getByText('the Browser steps right after this one work on that item')).toBeVisible();
  await expect(stepNode(page, 'Browser: open page').getByText('Enter the web address')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('1-open-page-for-each-item.png') });
  await panel.getByText('each in its own tab of the same browser').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('1b-pages-at-once-help.png') });
  // The form and the step with its "Each item" badge.
  const axe = await new AxeBuilder({ page }).include('aside').include('[data-testid=step-node]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  await addAfter(page, 'Browser: open page', 'browser-extract', 'Browser: read from page');
  await panel.getByLabel('Element(s) to read').fill('#price');
  await panel.getByLabel('Put it in the field').fill('price');
  await page.keyboard.press('Control+s');
  await expect(page.getByText('All changes saved')).toBeVisible();

  const list = Array.from({ length: 10 }, (_, i) => ({ url: `${site.url}/shop?item=${i + 1}` }));
  await page.getByRole('button', { name: 'Run with input' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run with input' });
  await dialog.getByLabel('Input (JSON)').fill(JSON.stringify(list));
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(stepNode(page, 'Browser: read from page').locator('[data-status=succeeded]')).toBeVisible({ timeout: 120_000 });

  await selectStep(page, 'Browser: read from page');
  await panel.getByRole('tab', { name: 'Output' }).click();
  const table = panel.getByTestId('output-table');
  await expect(table.locator('tbody tr')).toHaveCount(10);
  await expect(table.locator('tbody tr td:last-child')).toHaveText(list.map((_, i) => String((i + 1) * 7)));
  await page.screenshot({ path: testInfo.outputPath('2-ten-values.png') });
  // Each address was opened once.
  for (let n = 1; n <= 10; n++) expect(site.requests.filter((r) => r.path === `/shop?item=${n}`)).toHaveLength(1);
});

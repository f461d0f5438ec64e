/**
 * Flows calling flows, built on the canvas: a parent sends 3 items to a child one by one and shows
 * the child's output and links to its runs (and the child run links back); Repeat until reads every
 * page of a local paged table whose page count the flow doesn't know.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startTestSite, type TestSite } from '../helpers/test-site';
import { addAfter, createWorkflow, openWorkflow, selectStep, stepNode } from './helpers';

// Each test builds two workflows step by step on the canvas and runs them: 1–1.6 min here on a
// loaded machine, so room well beyond the default 2 minutes.
test.describe.configure({ timeout: 300_000 });

const PAGES = 7;
const ROWS = 3;
let site: TestSite;

test.beforeAll(async () => {
  site = await startTestSite({
    // Ten pages, each with one value to read.
    '/shop': (req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('item'));
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><html><head><title>Item ${n}</title></head><body><h1>Item ${n}</h1><p id="price">${n * 7}</p></body></html>`);
    },
    // A paged table as JSON: 3 rows a page and the next page's number, null after page 7.
    '/rows': (req, res) => {
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page'));
      const rows = Array.from({ length: ROWS }, (_, i) => ({ id: (page - 1) * ROWS + i + 1 }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ rows, next: page < PAGES ? page + 1 : null }));
    },
  });
});

test.afterAll(async () => {
  await site.close();
});

const panelOf = (page: Page) => page.getByRole('complementary', { name: 'Step panel' });

async function save(page: Page) {
  await page.keyboard.press('Control+s');
  await expect(page.getByText('All changes saved')).toBeVisible();
}

async function runWithInput(page: Page, input: string) {
  await page.getByRole('button', { name: 'Run with input' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run with input' });
  await dialog.getByLabel('Input (JSON)').fill(input);
  await dialog.getByRole('button', { name: 'Start run' }).click();
}

/** A workflow that starts with "Called by another workflow" expecting the field `name` of `type`. */
async function calledWorkflow(page: Page, request: Parameters<typeof createWorkflow>[0], title: string, field: string, type: string) {
  const id = await createWorkflow(request, title, [{ id: 'start', type: 'workflow-trigger', name: 'Called', position: { x: 0, y: 0 } }]);
  await openWorkflow(page, id, 'Called');
  await selectStep(page, 'Called');
  const panel = panelOf(page);
  await panel.getByRole('button', { name: 'Add field' }).click();
  const row = panel.getByRole('group', { name: 'Field 1' });
  await row.getByRole('textbox', { name: 'Name' }).fill(field);
  await row.getByRole('combobox', { name: 'Type' }).selectOption({ label: type });
  return id;
}

test('a parent calls a child with 3 items and shows its output and links to its runs', async ({ page, request }, testInfo) => {
  const child = `Times ten ${Date.now()}`;
  await calledWorkflow(page, request, child, 'n', 'Number');
  await addAfter(page, 'Called', 'set-fields', 'Set fields');
  const panel = panelOf(page);
  await panel.getByRole('button', { name: 'Add field' }).click();
  await panel.getByRole('textbox', { name: 'Field 1: Name' }).fill('tens');
  await panel.getByRole('textbox', { name: 'Field 1: Value' }).fill('{{ $json.n * 10 }}');
  await save(page);

  const parentId = await createWorkflow(request, `Parent ${Date.now()}`, [
    { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
  ]);
  await openWorkflow(page, parentId, 'Manual start');
  await addAfter(page, 'Manual start', 'run-workflow', 'Run another workflow');
  await panel.getByLabel('Workflow to run').selectOption({ label: child });
  // The caller's form shows what the called workflow expects.
  await expect(panel.getByTestId('called-inputs')).toContainText('n (number)');
  await panel.getByLabel('Send the items').selectOption('each');
  await save(page);
  await page.screenshot({ path: testInfo.outputPath('1-caller-form.png') });

  await runWithInput(page, '[{ "n": 1 }, { "n": 2 }, { "n": 3 }]');
  await expect(stepNode(page, 'Run another workflow').locator('[data-status=succeeded]')).toBeVisible({ timeout: 60_000 });
  await selectStep(page, 'Run another workflow');
  await panel.getByRole('tab', { name: 'Output' }).click();
  const table = panel.getByTestId('output-table');
  for (const tens of ['10', '20', '30']) await expect(table.getByRole('cell', { name: tens, exact: true })).toBeVisible();
  const runs = panel.getByTestId('child-runs');
  await expect(runs.getByTestId('child-run')).toHaveCount(3);
  await expect(runs).toContainText('Item 3');
  await page.screenshot({ path: testInfo.outputPath('2-parent-run.png') });
  const axe = await new AxeBuilder({ page }).include('aside').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  // Item 2's run opens in the child workflow and links back to the parent run.
  await runs
    .getByTestId('child-run')
    .nth(1)
    .getByRole('link', { name: /Open this run/ })
    .click();
  await expect(page).toHaveURL(/\?run=run_/);
  const calledBy = page.getByTestId('called-by');
  await expect(calledBy).toContainText('Called by “Parent');
  await expect(calledBy).toContainText('step “Run another workflow”');
  await page.screenshot({ path: testInfo.outputPath('3-child-run.png') });
  const axeChild = await new AxeBuilder({ page }).analyze();
  expect(axeChild.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await calledBy.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${parentId}\\?run=run_`));
  await expect(stepNode(page, 'Run another workflow').locator('[data-status=succeeded]')).toBeVisible();
});

test('Repeat until reads every page of a paged table whose page count the flow does not know', async ({ page, request }, testInfo) => {
  const reader = `Read one page ${Date.now()}`;
  await calledWorkflow(page, request, reader, 'page', 'Number');
  await addAfter(page, 'Called', 'http-request', 'HTTP request');
  const panel = panelOf(page);
  await panel.getByLabel('Web address (URL)').fill(`${site.url}/rows?page={{ $json.page }}`);
  await panel.getByRole('switch', { name: 'One item per entry' }).click();
  await addAfter(page, 'HTTP request', 'set-fields', 'Set fields');
  for (const [i, [name, value]] of [
    ['page', '{{ $json.body.next }}'],
    ['rows', '{{ $json.body.rows }}'],
  ].entries()) {
    await panel.getByRole('button', { name: 'Add field' }).click();
    await panel.getByRole('textbox', { name: `Field ${i + 1}: Name` }).fill(name);
    await panel.getByRole('textbox', { name: `Field ${i + 1}: Value` }).fill(value);
  }
  await save(page);

  const id = await createWorkflow(request, `All pages ${Date.now()}`, [
    { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
  ]);
  await openWorkflow(page, id, 'Manual start');
  await addAfter(page, 'Manual start', 'repeat-until', 'Repeat until');
  await panel.getByLabel('Workflow to repeat').selectOption({ label: reader });
  const condition = panel.getByRole('group', { name: 'Condition 1' });
  await condition.getByRole('textbox', { name: 'Field', exact: true }).fill('page');
  await expect(condition.getByRole('combobox', { name: 'Check' })).toHaveValue('isEmpty');
  await page.screenshot({ path: testInfo.outputPath('4-repeat-form.png') });
  await addAfter(page, 'Repeat until', 'split-out', 'Split out a list');
  await panel.getByLabel('Field with the list').fill('rows');
  await save(page);

  await runWithInput(page, '{ "page": 1 }');
  await expect(stepNode(page, 'Split out a list').locator('[data-status=succeeded]')).toBeVisible({ timeout: 90_000 });
  await selectStep(page, 'Repeat until');
  await panel.getByRole('tab', { name: 'Output' }).click();
  const rounds = panel.getByTestId('child-runs');
  await expect(rounds.getByTestId('child-run')).toHaveCount(PAGES);
  await expect(rounds).toContainText(`Round ${PAGES}`);
  await page.screenshot({ path: testInfo.outputPath('5-rounds.png') });
  await selectStep(page, 'Split out a list');
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel).toContainText(`${PAGES * ROWS} items`);
});

test('Repeat until over steps selected on the canvas reads every page, and shows each round with its items', async ({
  page,
  request,
}, testInfo) => {
  const id = await createWorkflow(request, `All pages in place ${Date.now()}`, [
    { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
  ]);
  await openWorkflow(page, id, 'Manual start');
  await addAfter(page, 'Manual start', 'http-request', 'HTTP request');
  const panel = panelOf(page);
  await panel.getByLabel('Web address (URL)').fill(`${site.url}/rows?page={{ $json.page }}`);
  await panel.getByRole('switch', { name: 'One item per entry' }).click();
  await addAfter(page, 'HTTP request', 'set-fields', 'Set fields');
  for (const [i, [name, value]] of [
    ['page', '{{ $json.body.next }}'],
    ['rows', '{{ $json.body.rows }}'],
  ].entries()) {
    await panel.getByRole('button', { name: 'Add field' }).click();
    await panel.getByRole('textbox', { name: `Field ${i + 1}: Name` }).fill(name);
    await panel.getByRole('textbox', { name: `Field ${i + 1}: Value` }).fill(value);
  }

  // A trigger can't be repeated: the refusal says so in plain words.
  await selectStep(page, 'Manual start');
  await stepNode(page, 'HTTP request').click({ modifiers: ['Shift'] });
  const bar = page.getByRole('toolbar', { name: 'Selected steps' });
  await expect(bar).toContainText('2 steps selected');
  await bar.getByRole('button', { name: 'Repeat these steps until…' }).click();
  await expect(page.getByText('“Manual start” is a trigger')).toBeVisible();

  // A click on the empty canvas clears the selection (a click on a selected step keeps it whole).
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
  await selectStep(page, 'HTTP request');
  await stepNode(page, 'Set fields').click({ modifiers: ['Shift'] });
  await expect(bar).toContainText('2 steps selected');
  await page.screenshot({ path: testInfo.outputPath('7-selected-steps.png') });
  await bar.getByRole('button', { name: 'Repeat these steps until…' }).click();
  await expect(panel.getByRole('heading', { level: 2, name: 'Repeat until', exact: true })).toBeVisible();
  await expect(panel.getByLabel('What to repeat')).toHaveValue('steps');
  await expect(panel.getByTestId('repeated-steps')).toHaveText(/HTTP request\s*Set fields/);
  const condition = panel.getByRole('group', { name: 'Condition 1' });
  await condition.getByRole('textbox', { name: 'Field', exact: true }).fill('page');
  await addAfter(page, 'Repeat until', 'split-out', 'Split out a list');
  await panel.getByLabel('Field with the list').fill('rows');
  await save(page);
  await page.screenshot({ path: testInfo.outputPath('8-group-loop.png') });

  await runWithInput(page, '{ "page": 1 }');
  await expect(stepNode(page, 'Split out a list').locator('[data-status=succeeded]')).toBeVisible({ timeout: 90_000 });
  await selectStep(page, 'Split out a list');
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel).toContainText(`${PAGES * ROWS} items`);
  expect(site.requests.filter((r) => r.path === `/rows?page=${PAGES}`).length).toBeGreaterThan(0);

  await selectStep(page, 'Repeat until');
  await panel.getByRole('tab', { name: 'Output' }).click();
  const rounds = panel.getByTestId('child-runs');
  await expect(rounds.getByTestId('child-run')).toHaveCount(PAGES);
  await expect(rounds.getByTestId('child-run').first()).toContainText('sent 1 item, gave back 1');
  // Round 3 read page 3: its item holds rows 7–9 and the next page, 4.
  const third = rounds.getByTestId('child-run').nth(2);
  await expect(third).toContainText('Round 3');
  await third.getByText('Items of round 3').click();
  const table = third.getByTestId('round-table');
  await expect(table.getByRole('cell', { name: '4', exact: true })).toBeVisible();
  await expect(table).toContainText('"id":7');
  await third.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('9-round-items.png') });
  const axe = await new AxeBuilder({ page }).include('aside').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  const axeCanvas = await new AxeBuilder({ page }).include('#canvas').analyze();
  expect(axeCanvas.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
});

test('opens 10 addresses from a list, a few at a time, and reads one value from each', async ({ page, request }, testInfo) => {
  const reader = `Read a price ${Date.now()}`;
  await calledWorkflow(page, request, reader, 'url', 'Text');
  await addAfter(page, 'Called', 'browser-open', 'Browser: open page');
  const panel = panelOf(page);
  await panel.getByLabel('Web address (URL)').fill('{{ $json.url }}');
  await addAfter(page, 'Browser: open page', 'browser-extract', 'Browser: read from page');
  await panel.getByLabel('Element(s) to read').fill('#price');
  await panel.getByLabel('Put it in the field').fill('price');
  await save(page);

  const id = await createWorkflow(request, `Ten prices ${Date.now()}`, [
    { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
  ]);
  await openWorkflow(page, id, 'Manual start');
  await addAfter(page, 'Manual start', 'run-workflow', 'Run another workflow');
  await panel.getByLabel('Workflow to run').selectOption({ label: reader });
  await panel.getByLabel('Send the items').selectOption('each');
  await panel.getByLabel('Runs at the same time').fill('3');
  await save(page);

  const urls = Array.from({ length: 10 }, (_, i) => ({ url: `${site.url}/shop?item=${i + 1}` }));
  await runWithInput(page, JSON.stringify(urls));
  await expect(stepNode(page, 'Run another workflow').locator('[data-status=succeeded]')).toBeVisible({ timeout: 100_000 });
  await selectStep(page, 'Run another workflow');
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel).toContainText('10 items');
  const table = panel.getByTestId('output-table');
  for (const price of ['14', '35', '70']) await expect(table.getByRole('cell', { name: price, exact: true })).toBeVisible();
  await expect(panel.getByTestId('child-run')).toHaveCount(10);
  await page.screenshot({ path: testInfo.outputPath('6-ten-prices.png') });
  expect(site.requests.filter((r) => r.path.startsWith('/shop')).length).toBe(10);
});

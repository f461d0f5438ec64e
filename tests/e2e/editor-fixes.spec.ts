/**
 * Editor bugs new users met (issue 17): the step panel's scroll, a page that scrolled as a
 * whole, problem marks that outlived the problem, the schedule form, pasted steps on top of
 * each other, connections that could not be picked, ids in help texts.
 */
import { expect, test, type Page } from '@playwright/test';
import { allSteps, clickEmptyCanvas, createWorkflow, edges, openWorkflow, stepNode, selectStep } from './helpers';

const panel = (page: Page) => page.getByRole('complementary', { name: 'Step panel' });
const panelScroller = (page: Page) => page.locator('#node-panel-panel');

/** A Filter with many conditions: a form longer than the screen. */
const longFilter = {
  conditions: Array.from({ length: 12 }, (_, i) => ({ field: `field${i}`, operator: 'equals', value: String(i) })),
  combine: 'and',
};

test('a long step form scrolls inside its panel, and the next step opens at its top', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Long forms',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      { id: 'one', type: 'filter', name: 'First filter', position: { x: 320, y: 0 }, config: longFilter },
      { id: 'n_y2cfm2rqh7jg', type: 'filter', name: 'Second filter', position: { x: 640, y: 0 }, config: longFilter },
    ],
    [
      ['start', 'one'],
      ['one', 'n_y2cfm2rqh7jg'],
    ],
  );
  await openWorkflow(page, id, 'First filter');
  await selectStep(page, 'First filter');
  await expect(panel(page).getByRole('heading', { name: 'First filter' })).toBeVisible();

  // The page itself never scrolls: only the panel does.
  const pageOverflow = () => page.evaluate(() => document.scrollingElement!.scrollHeight - window.innerHeight);
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  await panelScroller(page).evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect.poll(() => panelScroller(page).evaluate((el) => el.scrollTop)).toBeGreaterThan(200);
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  await page.mouse.wheel(0, 2000);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.screenshot({ path: testInfo.outputPath('long-form-scrolled.png') });

  // Another step opens at the top of its settings.
  await selectStep(page, 'Second filter');
  await expect(panel(page).getByRole('heading', { name: 'Second filter' })).toBeVisible();
  expect(await panelScroller(page).evaluate((el) => el.scrollTop)).toBe(0);
  await expect(panel(page).getByRole('textbox', { name: 'Step name' })).toBeInViewport();

  // Help texts name steps, never their internal ids.
  await expect(panel(page)).not.toContainText('n_y2cfm2rqh7jg');
});

test('a problem mark goes away as soon as the problem is fixed, before saving', async ({ page, request }) => {
  const id = await createWorkflow(
    request,
    'Problems while editing',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      { id: 'fetch', type: 'http-request', name: 'Fetch prices', position: { x: 320, y: 0 }, config: { url: '' } },
    ],
    [['start', 'fetch']],
  );
  await openWorkflow(page, id, 'Fetch prices');
  const mark = stepNode(page, 'Fetch prices').getByTestId('node-problem');
  await expect(mark).toBeVisible();

  await selectStep(page, 'Fetch prices');
  await panel(page)
    .getByRole('textbox', { name: /Web address|URL/ })
    .fill('http://127.0.0.1:9/prices');
  await expect(mark).toHaveCount(0);
  await expect(page.getByText('Unsaved changes')).toBeVisible();

  // And a new problem shows while editing too.
  await panel(page)
    .getByRole('textbox', { name: /Web address|URL/ })
    .fill('');
  await expect(mark).toBeVisible();
});

test('the schedule form shows only the settings of the chosen kind of timing', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(request, 'Mornings', [
    {
      id: 'when',
      type: 'schedule-trigger',
      name: 'Every morning',
      position: { x: 0, y: 0 },
      config: { mode: 'simple', every: 'day', time: '07:00' },
    },
  ]);
  await openWorkflow(page, id, 'Every morning');
  await selectStep(page, 'Every morning');
  const form = panel(page);
  await expect(form.getByRole('textbox', { name: /At time/ })).toHaveValue('07:00');
  await expect(form.getByRole('textbox', { name: /Cron expression/ })).toHaveCount(0);
  await expect(form.getByLabel(/On day/)).toHaveCount(0);
  await expect(form.getByLabel(/At minute/)).toHaveCount(0);
  await expect(form.getByLabel(/Every how many/)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('schedule-every-day.png') });

  await form.getByLabel('Repeat').selectOption('week');
  await expect(form.getByLabel(/On day/)).toBeVisible();
  await form.getByLabel('Repeat').selectOption('hours');
  await expect(form.getByLabel(/At minute/)).toBeVisible();
  await expect(form.getByLabel(/Every how many/)).toBeVisible();
  await expect(form.getByRole('textbox', { name: /At time/ })).toHaveCount(0);

  await form.getByLabel('How to set the times').selectOption('cron');
  await expect(form.getByRole('textbox', { name: /Cron expression/ })).toBeVisible();
  await expect(form.getByLabel('Repeat')).toHaveCount(0);
  await expect(form.getByLabel(/At minute/)).toHaveCount(0);
  await expect(form.getByLabel(/Time zone/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('schedule-cron.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('schedule-cron-phone.png') });
});

test('pasted steps never land on top of other steps, however often they are pasted', async ({ page, request }) => {
  const from = await createWorkflow(
    request,
    'Copy source',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      { id: 'a', type: 'no-op', name: 'Step A', position: { x: 320, y: 0 } },
    ],
    [['start', 'a']],
  );
  const into = await createWorkflow(request, 'Paste target');
  await openWorkflow(page, from, 'Step A');
  await selectStep(page, 'Step A');
  await page.keyboard.press('Control+c');
  await expect(page.getByTestId('toast').filter({ hasText: 'Copied 1 item' })).toBeVisible();

  await openWorkflow(page, into);
  await clickEmptyCanvas(page);
  for (let n = 1; n <= 3; n++) {
    await page.keyboard.press('Control+v');
    await expect(allSteps(page)).toHaveCount(n);
  }
  const boxes = await allSteps(page).evaluateAll((list) =>
    list.map((el) => el.getBoundingClientRect()).map((r) => `${Math.round(r.x)},${Math.round(r.y)}`),
  );
  expect(new Set(boxes).size).toBe(3);
});

test('a connection can be clicked, shows it is selected, and Delete removes it (not the step)', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Pick a connection',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      { id: 'a', type: 'no-op', name: 'Step A', position: { x: 400, y: 0 } },
    ],
    [['start', 'a']],
  );
  await openWorkflow(page, id, 'Step A');
  // A user first looks at a step, then aims for the line, a few pixels off.
  await selectStep(page, 'Step A');
  await expect(panel(page)).toBeVisible();
  const path = edges(page).first().locator('path.react-flow__edge-path');
  const box = (await path.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2 + 14);
  await expect(edges(page).first()).toHaveClass(/selected/);
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(0);
  const stroke = await path.evaluate((el) => getComputedStyle(el).strokeWidth);
  expect(parseFloat(stroke)).toBeGreaterThanOrEqual(3);
  // In the accent colour, not React Flow's grey.
  expect(await path.evaluate((el) => getComputedStyle(el).stroke)).not.toMatch(/rgb\(85, 85, 85\)|#555/);
  await page.screenshot({ path: testInfo.outputPath('connection-selected.png') });

  await page.keyboard.press('Delete');
  await expect(edges(page)).toHaveCount(0);
  await expect(allSteps(page)).toHaveCount(2);
});

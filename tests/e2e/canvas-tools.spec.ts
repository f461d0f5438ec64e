/**
 * The canvas's helpers: "+" after a step, Tidy up, sticky notes, turning a step off, pinning
 * its output, the shortcuts list, and the catalogue of steps the palette links to.
 */
import { expect, test } from '@playwright/test';
import { allSteps, clickEmptyCanvas, createWorkflow, edges, openWorkflow, runAndWait, selectStep, stepNode } from './helpers';

test('adds a connected step with "+", tidies up, and keeps sticky notes', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(request, 'Tools test', [
    { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
    { id: 'loose', type: 'set-fields', name: 'Loose step', position: { x: 200, y: 400 } },
  ]);
  await openWorkflow(page, id, 'Manual start');

  // "+" on the trigger's output opens the list of steps; the chosen one is added and connected.
  await stepNode(page, 'Manual start').getByRole('button', { name: 'Add a step after “Manual start”' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a step after “Manual start”' });
  await expect(dialog.getByTestId('palette-manual-trigger')).toHaveCount(0);
  await dialog.getByRole('searchbox', { name: 'Search steps' }).fill('if');
  await page.screenshot({ path: testInfo.outputPath('add-after.png') });
  await dialog.getByTestId('palette-if').click();
  await expect(stepNode(page, 'If')).toBeVisible();
  await expect(edges(page)).toHaveCount(1);

  // Tidy up: connected steps end up in one row, left to right.
  await page.getByRole('button', { name: 'Tidy up', exact: true }).click();
  await expect
    .poll(async () => {
      const a = (await stepNode(page, 'Manual start').boundingBox())!;
      const b = (await stepNode(page, 'If').boundingBox())!;
      return b.x > a.x + a.width && Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)) < 30;
    })
    .toBe(true);
  // Tidy up ends by fitting the view, an animation that starts once the layout code has loaded:
  // wait until the view stands still, or the note below is resized while the canvas moves.
  let lastView = '';
  await expect
    .poll(
      async () => {
        const view = await page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
        const still = view === lastView;
        lastView = view;
        return still;
      },
      { intervals: [250] },
    )
    .toBe(true);

  // A sticky note: add, type, resize, then delete.
  await clickEmptyCanvas(page);
  await page.getByRole('button', { name: 'Add note', exact: true }).click();
  const note = page.getByTestId('sticky-note');
  await expect(note).toHaveCount(1);
  await note.getByLabel('Note text').fill('Checks the order before it is sent');
  const before = (await note.boundingBox())!;
  const corner = page.locator('.react-flow__resize-control.bottom.right').first();
  const c = (await corner.boundingBox())!;
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  await page.mouse.down();
  await page.mouse.move(c.x + 80, c.y + 40, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await note.boundingBox())!.width).toBeGreaterThan(before.width + 40);
  await page.screenshot({ path: testInfo.outputPath('tidy-and-note.png') });
  await page.keyboard.press('Control+s');
  await expect(page.getByText('All changes saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('sticky-note').getByLabel('Note text')).toHaveValue('Checks the order before it is sent');
  await page.getByRole('button', { name: 'Delete this note' }).click();
  await expect(page.getByTestId('sticky-note')).toHaveCount(0);
  await expect(allSteps(page)).toHaveCount(3);

  // "?" lists the shortcuts.
  await clickEmptyCanvas(page);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByText('Duplicate the selected steps')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('turns a step off and pins a step’s output', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Pin test',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'stamp',
        type: 'code',
        name: 'Stamp',
        position: { x: 320, y: 0 },
        config: { mode: 'each', code: 'return { stamp: Math.random() };' },
      },
      { id: 'after', type: 'set-fields', name: 'After', position: { x: 640, y: 0 }, config: { fields: [{ name: 'seen', value: 'yes' }] } },
    ],
    [
      ['start', 'stamp'],
      ['stamp', 'after'],
    ],
  );
  await openWorkflow(page, id, 'Stamp');
  const actions = (name: string) => page.getByRole('toolbar', { name: `Actions for ${name}` });

  await selectStep(page, 'After');
  await actions('After').getByRole('button', { name: 'Turn off' }).click();
  await expect(stepNode(page, 'After').getByText('Off', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'After').locator('[data-status=succeeded]')).toBeVisible();
  // Turned off: items passed through without the field it would set.
  await page.getByRole('complementary', { name: 'Step panel' }).getByRole('tab', { name: 'Output' }).click();
  const table = page.getByTestId('output-table');
  await expect(table.getByRole('columnheader', { name: /^stamp/ })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /^seen/ })).toHaveCount(0);

  // Right-click selects a step and shows its actions.
  await stepNode(page, 'Stamp').click({ button: 'right' });
  await actions('Stamp').getByRole('button', { name: 'Pin output' }).click();
  await expect(stepNode(page, 'Stamp').getByText('Pinned')).toBeVisible();
  const pinned = await table.locator('tbody td').nth(1).innerText();
  await page.screenshot({ path: testInfo.outputPath('off-and-pinned.png') });

  // The next run uses the pinned output: the same stamp again.
  await runAndWait(page);
  await selectStep(page, 'Stamp');
  await expect(table.locator('tbody td').nth(1)).toHaveText(pinned);
  await actions('Stamp').getByRole('button', { name: 'Unpin' }).click();
  await expect(stepNode(page, 'Stamp').getByText('Pinned')).toHaveCount(0);
});

test('the steps catalogue lists every step with its settings and an example', async ({ page, request }, testInfo) => {
  const catalog = await request.get('/api/trpc/nodes.catalog');
  const entries = ((await catalog.json()) as { result: { data: Array<{ displayName: string }> } }).result.data;
  const id = await createWorkflow(request, 'Catalogue link');
  await openWorkflow(page, id);
  const link = page.getByRole('link', { name: /What does each step do/ });
  await expect(link).toHaveAttribute('href', '/nodes');

  await page.goto('/nodes');
  await expect(page.getByRole('heading', { name: 'Steps', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Steps' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('catalogue-entry')).toHaveCount(entries.length);
  const http = page.locator('#step-http-request');
  await expect(http.getByRole('rowheader', { name: /Address|URL/i }).first()).toBeVisible();
  await expect(http.getByText('https://api.example.com/orders').first()).toBeVisible();
  await http.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('catalogue.png') });
});

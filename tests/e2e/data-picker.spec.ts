/**
 * Expressions without typing them: after a run, a step's settings list the fields that reach it,
 * and a click puts a field's reference where the cursor is. The inspector shows the input too.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './dash-helpers';
import { createWorkflow, openWorkflow, runAndWait, selectStep, stepNode } from './helpers';

test('puts a field from an earlier step into a setting with a click, and shows the step’s input', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Picker test',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'order',
        type: 'set-fields',
        name: 'Make an order',
        position: { x: 320, y: 0 },
        config: { fields: [{ name: 'city', value: 'Lyon' }] },
      },
      {
        id: 'greet',
        type: 'set-fields',
        name: 'Greet',
        position: { x: 640, y: 0 },
        config: { fields: [{ name: 'greeting', value: 'Hello ' }] },
      },
    ],
    [
      ['start', 'order'],
      ['order', 'greet'],
    ],
  );
  await openWorkflow(page, id, 'Greet');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Greet').locator('[data-status=succeeded]')).toBeVisible();

  await selectStep(page, 'Greet');
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await panel.getByRole('tab', { name: 'Settings' }).click();
  const value = panel.getByLabel('Field 1: Value');
  await value.click();
  await page.keyboard.press('End');
  await panel.getByText('Use data from earlier steps').click();
  const picker = panel.getByTestId('data-picker');
  await expect(picker.getByText('Items coming into this step')).toBeVisible();
  await picker.getByRole('button', { name: /^city/ }).first().click();
  await expect(value).toHaveValue('Hello {{ $json.city }}');
  await page.screenshot({ path: testInfo.outputPath('data-picker.png') });

  // Run again with the reference: the greeting now holds the city.
  await runAndWait(page);
  await selectStep(page, 'Greet');
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel.getByTestId('output-table').getByText('Hello Lyon')).toBeVisible();
  // What came in is shown too, read from the step before.
  await panel.getByTestId('node-input').getByText('Input').click();
  await expect(panel.getByTestId('node-input').getByText('From “Make an order”')).toBeVisible();
  await expect(panel.getByTestId('node-input').getByRole('cell', { name: 'Lyon', exact: true })).toBeVisible();
});

test('puts a plain field name into a setting that asks for a field (Filter’s “Field”), and the run works', async ({
  page,
  request,
}, testInfo) => {
  const id = await createWorkflow(
    request,
    'Picker field names',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'orders',
        type: 'set-fields',
        name: 'Make an order',
        position: { x: 320, y: 0 },
        config: { fields: [{ name: 'amount', value: '{{ 250 }}' }] },
      },
      {
        id: 'big',
        type: 'filter',
        name: 'Big orders',
        position: { x: 640, y: 0 },
        config: { conditions: [{ field: '', operator: 'gt', value: '100' }] },
      },
    ],
    [
      ['start', 'orders'],
      ['orders', 'big'],
    ],
  );
  await openWorkflow(page, id, 'Big orders');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Make an order').locator('[data-status=succeeded]')).toBeVisible();

  await selectStep(page, 'Big orders');
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await panel.getByRole('tab', { name: 'Settings' }).click();
  const fieldBox = panel.getByRole('textbox', { name: 'Field', exact: true });
  await fieldBox.click();
  await panel.getByText('Use data from earlier steps').click();
  await panel
    .getByTestId('data-picker')
    .getByRole('button', { name: /^amount/ })
    .first()
    .click();
  await expect(fieldBox).toHaveValue('amount');
  await page.screenshot({ path: testInfo.outputPath('picker-field-name.png') });

  await runAndWait(page);
  await selectStep(page, 'Big orders');
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel.getByTestId('node-error')).toHaveCount(0);
  await expect(panel.getByTestId('output-table').getByRole('cell', { name: '250', exact: true })).toBeVisible();
});

test('offers the round’s fields to the steps of a group that Repeat until repeats, and a picked field works in the run', async ({
  page,
  request,
}, testInfo) => {
  // Start ─► Make an order ─► Repeat until (Bump ─► Greet, until n ≥ 3): the group runs in rounds of its own.
  const id = await createWorkflow(
    request,
    'Picker in a group',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'order',
        type: 'set-fields',
        name: 'Make an order',
        position: { x: 320, y: 0 },
        config: {
          fields: [
            { name: 'city', value: 'Lyon' },
            { name: 'n', value: '{{ 1 }}' },
          ],
        },
      },
      {
        id: 'loop',
        type: 'repeat-until',
        name: 'Repeat until',
        position: { x: 640, y: 0 },
        config: { repeat: 'steps', steps: ['bump', 'greet'], conditions: [{ field: 'n', operator: 'gte', value: '3' }], maxRounds: 10 },
      },
      {
        id: 'bump',
        type: 'set-fields',
        name: 'Bump',
        position: { x: 640, y: 220 },
        config: { fields: [{ name: 'n', value: '{{ $json.n + 1 }}' }] },
      },
      {
        id: 'greet',
        type: 'set-fields',
        name: 'Greet',
        position: { x: 960, y: 220 },
        config: { fields: [{ name: 'greeting', value: 'Hello ' }] },
      },
    ],
    [
      ['start', 'order'],
      ['order', 'loop'],
      ['bump', 'greet'],
    ],
  );
  await openWorkflow(page, id, 'Greet');
  await runAndWait(page);

  // The group's first step gets the round's items: the order's fields.
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await selectStep(page, 'Bump');
  await panel.getByRole('tab', { name: 'Settings' }).click();
  await panel.getByText('Use data from earlier steps').click();
  const picker = panel.getByTestId('data-picker');
  await expect(picker.getByRole('button', { name: /^city/ })).toBeVisible();
  // Steps outside the group are not offered: a round's run holds only the group.
  await expect(picker.getByText('From “Make an order”')).toHaveCount(0);

  // A later step of the group: the fields of the step before it, from the last round.
  await selectStep(page, 'Greet');
  await panel.getByRole('tab', { name: 'Settings' }).click();
  const value = panel.getByLabel('Field 1: Value');
  await value.click();
  await page.keyboard.press('End');
  await panel.getByText('Use data from earlier steps').click();
  await expect(picker.getByText('From “Bump”')).toBeVisible();
  await picker.getByRole('button', { name: /^city/ }).first().click();
  await expect(value).toHaveValue('Hello {{ $json.city }}');
  await page.screenshot({ path: testInfo.outputPath('data-picker-in-group.png') });
  await expectAccessible(page);

  // Run with the reference: each round's greeting holds the city.
  await runAndWait(page);
  await selectStep(page, 'Repeat until');
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel.getByTestId('output-table').getByRole('cell', { name: 'Hello Lyon', exact: true }).first()).toBeVisible();
});

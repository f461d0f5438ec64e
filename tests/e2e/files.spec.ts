/** A workflow file goes in through Import and comes out of Export unchanged. */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { stepNode } from './helpers';

const settings = { retries: 0, retryBackoffMs: 1000, timeoutMs: 0, onError: 'stop' };
const imported = {
  schemaVersion: 1,
  name: 'Round trip test',
  description: 'Imported by the browser test',
  nodes: [
    { id: 'start', type: 'manual-trigger', typeVersion: 1, name: 'Manual start', position: { x: 0, y: 0 }, config: {}, settings },
    {
      id: 'greet',
      type: 'set-fields',
      typeVersion: 1,
      name: 'Greet',
      position: { x: 320, y: 0 },
      config: { fields: [{ name: 'greeting', value: 'Hello {{ $json.name }}' }] },
      settings: { ...settings, retries: 2 },
    },
    { id: 'check', type: 'if', typeVersion: 1, name: 'Check', position: { x: 640, y: 40 }, config: {}, settings },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'main', target: 'greet', targetHandle: 'main' },
    { id: 'e2', source: 'greet', sourceHandle: 'main', target: 'check', targetHandle: 'main' },
  ],
  notes: [{ id: 'note1', text: 'Says hello', position: { x: 0, y: 200 }, width: 240, height: 140 }],
};

test('import then export gives back the same steps and connections', async ({ page }, testInfo) => {
  await page.goto('/workflows');
  await expect(page.getByRole('heading', { name: 'Workflows' })).toBeVisible();
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a workflow' });
  await dialog.getByLabel('Workflow text').fill(JSON.stringify(imported, null, 2));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Workflow imported' })).toBeVisible();

  // It opens on the canvas as imported, sticky note included.
  await page.getByRole('link', { name: 'Round trip test' }).click();
  await expect(stepNode(page, 'Check')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(page.getByTestId('sticky-note').getByLabel('Note text')).toHaveValue('Says hello');
  await page.screenshot({ path: testInfo.outputPath('imported.png') });

  await page.getByRole('link', { name: 'Workflows' }).first().click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Round trip test' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(await readFile(file, 'utf8')) as typeof imported;
  expect(exported.nodes).toEqual(imported.nodes);
  expect(exported.edges).toEqual(imported.edges);
  expect(exported.notes).toEqual(imported.notes);
  expect(exported.name).toBe(imported.name);
});

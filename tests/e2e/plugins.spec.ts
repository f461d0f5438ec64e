/**
 * A plugin as an administrator meets it: uploaded on Settings → Plugins as a .tgz (packed here
 * from tests/fixtures/plugins/greet), its steps in the palette with their own icon, and a
 * workflow of its trigger and its step run from the canvas.
 */
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createWorkflow, openWorkflow, stepNode, selectStep } from './helpers';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/plugins/greet');

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('an uploaded plugin shows on Settings → Plugins, its step is in the palette, and its trigger and step run from the canvas', async ({
  page,
  request,
}, testInfo) => {
  const packDir = mkdtempSync(path.join(os.tmpdir(), 'tm-e2e-plugin-'));
  execFileSync('npm', ['pack', '--pack-destination', packDir, '--loglevel=error'], { cwd: FIXTURE });
  const tgz = path.join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);

  await page.goto('/settings/plugins');
  await expect(page.getByRole('heading', { name: 'Plugins', level: 1 })).toBeVisible();
  await expect(page.getByText('Plugins run as trusted code.')).toBeVisible();
  await expect(page.getByText('No plugins are installed yet.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('1-plugins-empty.png'), fullPage: true });
  await expectNoSeriousAxeViolations(page);

  await page.locator('input[type=file]').setInputFiles(tgz);
  const card = page.getByTestId('plugin-card').filter({ hasText: 'greet' });
  await expect(card).toContainText('1.2.0', { timeout: 60_000 });
  await expect(card).toContainText('Greet');
  await expect(card).toContainText('Ticker');
  await expect(card).toContainText('npm package · On');
  await page.screenshot({ path: testInfo.outputPath('2-plugins-installed.png'), fullPage: true });
  await expectNoSeriousAxeViolations(page);

  const id = await createWorkflow(
    request,
    'Plugin trigger and step',
    [
      { id: 'tick', type: 'greet/ticker', name: 'Ticker', position: { x: 0, y: 0 } },
      { id: 'greet', type: 'greet/greet', name: 'Greet', position: { x: 320, y: 0 }, config: { who: 'canvas' } },
    ],
    [['tick', 'greet']],
  );
  await openWorkflow(page, id, 'Ticker');
  const paletteEntry = page.getByTestId('palette-greet/greet');
  await expect(paletteEntry).toBeVisible();
  // The plugin's own SVG, as an image (its <script> never runs).
  await expect(paletteEntry.locator('img')).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  await expect(stepNode(page, 'Greet').locator('img')).toBeVisible();

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Ticker').locator('[data-status=succeeded]')).toBeVisible();
  await expect(stepNode(page, 'Greet').locator('[data-status=succeeded]')).toBeVisible();
  await selectStep(page, 'Greet');
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await panel.getByRole('tab', { name: 'Output' }).click();
  await expect(panel.getByTestId('output-table').getByRole('cell', { name: 'Hello, canvas!' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('3-canvas-ran.png') });
});

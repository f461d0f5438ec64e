/**
 * "Pick on page" in a Browser step's selector field: the live page in a dialog, a click on the
 * Sign-in button proposes its selector, and the Click step then uses it in a run. "Record" turns
 * typing and a click on that page into Browser steps on the canvas.
 */
import http from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { allSteps, createWorkflow, openWorkflow, selectStep, stepNode } from './helpers';

let site: http.Server;
let siteUrl = '';

// Fixed places, so the test knows where the button is on the 1280 × 720 page picture.
const PAGE = `<!doctype html><html lang="en"><title>Garden shop: sign in</title>
<style>body{margin:0;font:18px sans-serif} .in{position:absolute;left:100px;top:100px;width:300px;height:40px}
.go{position:absolute;left:100px;top:200px;width:200px;height:60px} .up{position:absolute;left:400px;top:200px;width:200px;height:60px}</style>
<h1 style="position:absolute;left:100px;top:0">Garden shop</h1>
<label>Email <input class="in" name="email" type="email"></label>
<button class="go btn" onclick="document.body.dataset.signedIn='yes'">Sign in</button>
<button class="up btn">Sign up</button></html>`;

test.beforeAll(async () => {
  site = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}/`;
});

test.afterAll(async () => {
  site.closeAllConnections();
  await new Promise<void>((resolve) => site.close(() => resolve()));
});

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

/** Clicks the live picture where the page has the point (x, y) of its 1280 × 720 viewport. */
async function clickPage(picture: Locator, x: number, y: number) {
  const img = picture.getByRole('img');
  await expect(img).toBeVisible({ timeout: 60_000 });
  const box = await img.boundingBox();
  if (!box) throw new Error('no picture');
  await img.click({ position: { x: (x / 1280) * box.width, y: (y / 720) * box.height } });
}

async function flow(request: Parameters<typeof createWorkflow>[0], name: string) {
  return createWorkflow(
    request,
    name,
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      { id: 'open', type: 'browser-open', name: 'Open the shop', position: { x: 320, y: 0 }, config: { url: siteUrl } },
      { id: 'click', type: 'browser-click', name: 'Click sign in', position: { x: 640, y: 0 }, config: { selector: '' } },
    ],
    [
      ['start', 'open'],
      ['open', 'click'],
    ],
  );
}

test('picks the Sign-in button on the page, and the Click step uses that selector in a run', async ({ page, request }, testInfo) => {
  const id = await flow(request, 'Sign in to the shop');
  await openWorkflow(page, id, 'Click sign in');
  await selectStep(page, 'Click sign in');
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await panel.getByRole('button', { name: 'Pick on page' }).click();

  const dialog = page.getByRole('dialog', { name: 'Pick “Element to click” on the page' });
  const picture = dialog.getByTestId('picker-page');
  await clickPage(picture, 200, 230);
  await expect(dialog.getByTestId('picked-selector')).toHaveText('role=button[name="Sign in"]');
  await expect(dialog.getByTestId('picked-count')).toHaveText('matches exactly 1 element');
  await page.screenshot({ path: testInfo.outputPath('1-picked.png') });
  expect(await seriousViolations(page), 'picker dialog: axe-core found').toEqual([]);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(panel.getByLabel('Element to click')).toHaveValue('role=button[name="Sign in"]');

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Click sign in').locator('[data-status=succeeded]')).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath('2-run.png') });
});

test('records typing and a click on the page as Browser steps after this one', async ({ page, request }, testInfo) => {
  const id = await flow(request, 'Record a sign-in');
  await openWorkflow(page, id, 'Click sign in');
  await expect(allSteps(page)).toHaveCount(3);
  await selectStep(page, 'Open the shop');
  await expect(page.getByRole('complementary', { name: 'Step panel' }).getByRole('button', { name: 'Pick on page' })).toHaveCount(0);
  await selectStep(page, 'Click sign in');
  await page.getByRole('complementary', { name: 'Step panel' }).getByRole('button', { name: 'Pick on page' }).click();

  const dialog = page.getByRole('dialog', { name: 'Pick “Element to click” on the page' });
  await dialog.getByRole('button', { name: 'Record clicks and typing' }).click();
  const picture = dialog.getByTestId('picker-page');
  await clickPage(picture, 250, 120);
  await expect(dialog.getByTestId('picked-selector')).toHaveText('role=textbox[name="Email"]');
  await dialog.getByLabel(/Type into/).fill('ada@example.com');
  await dialog.getByRole('button', { name: 'Type it' }).click();
  await expect(dialog.getByTestId('recorded-steps')).toContainText('Type role=textbox[name="Email"] “ada@example.com”');
  await clickPage(picture, 500, 230);
  await expect(dialog.getByTestId('recorded-steps').getByRole('listitem')).toHaveCount(2);
  await expect(dialog.getByTestId('recorded-steps')).toContainText('Click role=button[name="Sign up"]');
  await page.screenshot({ path: testInfo.outputPath('1-recorded.png') });
  expect(await seriousViolations(page), 'recorder: axe-core found').toEqual([]);
  await dialog.getByRole('button', { name: 'Add 2 steps to the canvas' }).click();
  await expect(allSteps(page)).toHaveCount(5);
  await expect(stepNode(page, 'Browser: type text')).toBeVisible();
  await expect(stepNode(page, 'Browser: click')).toBeVisible();
});

/**
 * A secret typed into a step's form (a bearer token) never reaches the page: the field says it
 * is saved and hidden, saving the page's copy keeps it, and a run sends the real token.
 */
import http from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { createWorkflow, openWorkflow, selectStep, stepNode } from './helpers';

const TOKEN = 'sk_live_e2e_typed_token_93d1';
const KEY = 'e2e_header_key_7c55';

test('a typed token is hidden in the editor, kept on save, and sent by the run', async ({ page, request }, testInfo) => {
  const seen: string[] = [];
  const site = http.createServer((req, res) => {
    seen.push(`${req.headers.authorization ?? ''} ${req.headers['x-api-key'] ?? ''}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
  const port = (site.address() as { port: number }).port;
  try {
    const id = await createWorkflow(
      request,
      'Typed token',
      [
        { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
        {
          id: 'call',
          type: 'http-request',
          name: 'Call API',
          position: { x: 320, y: 0 },
          config: { url: `http://127.0.0.1:${port}/a`, auth: 'bearer', token: TOKEN, headers: [{ name: 'X-Api-Key', value: KEY }] },
        },
      ],
      [['start', 'call']],
    );
    await openWorkflow(page, id, 'Call API');
    await selectStep(page, 'Call API');
    const panel = page.getByRole('complementary', { name: 'Step panel' });
    const token = panel.getByLabel('Token', { exact: true });
    await expect(token).toHaveValue('');
    await expect(token).toHaveAttribute('placeholder', 'Saved and hidden: type a new value to replace it');
    // A key in a header row is hidden the same way, not shown as the marker's dots to edit.
    const header = panel.getByLabel('Header 1: Value', { exact: true });
    await expect(header).toHaveValue('');
    await expect(header).toHaveAttribute('type', 'password');
    await expect(header).toHaveAttribute('placeholder', 'Saved and hidden: type to replace');
    await expect(panel.getByLabel('Header 1: Name', { exact: true })).toHaveValue('X-Api-Key');
    expect(await page.content()).not.toContain(TOKEN);
    expect(await page.content()).not.toContain(KEY);
    const axe = await new AxeBuilder({ page }).include('aside').analyze();
    expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('hidden-token.png') });

    // Another change, saved: the token stays as it was.
    const url = panel.getByRole('textbox', { name: 'Web address (URL)' });
    await url.fill(`http://127.0.0.1:${port}/b`);
    await expect(page.getByText('Unsaved changes')).toBeVisible();
    await page.keyboard.press('Control+s');
    await expect(page.getByText('All changes saved')).toBeVisible();

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(stepNode(page, 'Call API').locator('[data-status=succeeded]')).toBeVisible({ timeout: 60_000 });
    expect(seen.at(-1)).toBe(`Bearer ${TOKEN} ${KEY}`);
    expect(await page.content()).not.toContain(TOKEN);
    expect(await page.content()).not.toContain(KEY);
  } finally {
    await new Promise<void>((resolve) => site.close(() => resolve()));
  }
});

/**
 * Settings → Features in real Chromium: the owner turns Code steps off on the Settings page;
 * the editor's step list and the canvas then say so where a Code step would be, a run of a
 * workflow with one fails at once naming the step, and the Steps page says so too. Share links
 * off: the Share dialog says so instead of offering a link. Every switch is put back.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, runToEnd, trpcGet, trpcPost } from './dash-helpers';
import { createWorkflow, openWorkflow } from './helpers';

test.describe.configure({ timeout: 240_000 });

test.afterEach(async ({ request }) => {
  // Whatever happened, the instance is left as every other test expects it.
  await trpcPost(request, 'settings.update', { codeStepsEnabled: true, shareLinksEnabled: true });
});

test('Code steps turned off in Settings: the step list, the canvas and the Steps page say so, and a run fails naming the step', async ({
  page,
  request,
}) => {
  const id = await createWorkflow(
    request,
    'Feature switch check',
    [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 } },
      { id: 'calc', type: 'code', name: 'Work out totals', position: { x: 260, y: 0 }, config: { code: 'return items;' } },
    ],
    [['start', 'calc']],
  );

  await page.goto('/settings');
  const features = page.getByRole('region', { name: 'Features' });
  const codeSwitch = features.getByRole('switch', { name: 'Code steps' });
  await expect(codeSwitch).toHaveAttribute('aria-checked', 'true');
  await codeSwitch.click();
  await expect(codeSwitch).toHaveAttribute('aria-checked', 'false');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('toast')).toContainText('Settings saved.');
  await features.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settings-features.png') });
  await expectAccessible(page);

  await openWorkflow(page, id, 'Work out totals');
  await expect(page.getByTestId('off-steps-note')).toContainText(
    '“Work out totals” can’t run: Code steps are turned off on this TaskMaster.',
  );
  await expect(page.getByTestId('feature-off-codeStepsEnabled')).toBeVisible();
  await expect(page.getByTestId('palette-code')).toBeDisabled();
  await expect(page.getByTestId('palette-code')).toContainText('Turned off');
  await page.screenshot({ path: test.info().outputPath('editor-code-off.png') });

  const run = await runToEnd(request, id);
  expect(run.status).toBe('failed');
  const detail = (await trpcGet(request, 'runs.get', { runId: run.runId })) as { error: { message: string; nodeId: string } };
  expect(detail.error).toMatchObject({ nodeId: 'calc', message: expect.stringContaining('The step “Work out totals” is a Code step') });

  await page.goto('/nodes');
  await expect(page.getByTestId('feature-off-codeStepsEnabled')).toContainText('Code steps are turned off');
  await expectAccessible(page);
});

test('share links turned off: the Share dialog says so instead of offering a link', async ({ page, request }) => {
  const name = `Not to be shared ${Date.now()}`;
  await createWorkflow(request, name, [{ id: 'start', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 } }]);
  await trpcPost(request, 'settings.update', { shareLinksEnabled: false });
  await page.goto('/workflows');
  const share = page.getByRole('button', { name: `Share ${name}`, exact: true });
  await expect(share).toBeVisible();
  await share.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('feature-off-shareLinksEnabled')).toContainText('Share links are turned off on this TaskMaster.');
  await expect(dialog.getByRole('button', { name: 'Turn on a link' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('share-off.png') });
});

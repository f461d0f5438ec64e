/**
 * "Who may use" a browser profile in a real browser: an editor doesn't see the owner's profile in
 * the step form's picker until the owner ticks them in the profile's "Who may use" dialog; then
 * it is in their picker and on their profiles page, marked shared, without Edit, Copy or Delete.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './dash-helpers';
import { createWorkflow, openWorkflow, selectStep } from './helpers';
import { invite, join } from './team-helpers';

test('the owner lets an editor use a profile; it appears in their step form', async ({ page, browser }, testInfo) => {
  // Two people, an invitation and several pages each on a loaded 2-core machine.
  test.setTimeout(300_000);
  const stamp = Date.now();
  const profileName = `Shop login ${stamp}`;
  const made = await page.request.post('/api/trpc/profiles.create', { data: { name: profileName, locale: 'en-GB' } });
  expect(made.ok(), await made.text()).toBe(true);
  const profileId = ((await made.json()) as { result: { data: { id: string } } }).result.data.id;

  const ed = await join(browser, await invite(page, `ed.${stamp}@example.test`, 'editor'), `Ed ${stamp}`);
  const id = await createWorkflow(
    ed.request,
    `Orders ${stamp}`,
    [
      { id: 't', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 } },
      { id: 'open', type: 'browser-open', name: 'Open the shop', position: { x: 320, y: 0 }, config: { url: 'https://example.com' } },
    ],
    [['t', 'open']],
  );

  // Not shared yet: not in Ed's picker, and the server refuses it by id.
  await openWorkflow(ed, id, 'Open the shop');
  await selectStep(ed, 'Open the shop');
  const picker = ed.getByRole('complementary', { name: 'Step panel' }).getByLabel('Browser profile');
  await expect(picker.locator('option').first()).toHaveText('None: a fresh browser that keeps nothing');
  await expect(picker.locator('option', { hasText: profileName })).toHaveCount(0);
  const hidden = await ed.request.get(`/api/trpc/profiles.get?input=${encodeURIComponent(JSON.stringify({ id: profileId }))}`);
  expect(hidden.status()).toBe(404);

  // The owner ticks Ed under "Who may use".
  await page.goto('/profiles');
  const row = page.getByTestId('profile-row').filter({ hasText: profileName });
  await row.getByRole('button', { name: `Who may use ${profileName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Who may use “${profileName}”` });
  await dialog.getByRole('checkbox', { name: `Ed ${stamp} (ed.${stamp}@example.test)` }).check();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('1-who-may-use.png') });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`1 person besides the owner may use “${profileName}”.`)).toBeVisible();
  await expect(dialog).toHaveCount(0);

  // Ed now finds it in the picker and picks it.
  await ed.reload();
  await selectStep(ed, 'Open the shop');
  await picker.selectOption({ label: profileName });
  await expect(picker).toHaveValue(profileId);
  await expectAccessible(ed);
  await ed.screenshot({ path: testInfo.outputPath('2-editor-picker.png') });

  // On Ed's profiles page it is marked shared, with Test but no Edit, Copy, Delete or "Who may use".
  await ed.goto('/profiles');
  const edRow = ed.getByTestId('profile-row').filter({ hasText: profileName });
  await expect(edRow).toContainText('Shared with you: you may use it in your steps.');
  await expect(edRow.getByRole('button', { name: `Open a test page with ${profileName}` })).toBeVisible();
  await expect(edRow.getByRole('button', { name: `Edit ${profileName}` })).toHaveCount(0);
  await expect(edRow.getByRole('button', { name: `Delete ${profileName}` })).toHaveCount(0);
  await expect(edRow.getByRole('button', { name: `Duplicate ${profileName}` })).toHaveCount(0);
  await expect(edRow.getByRole('button', { name: `Who may use ${profileName}` })).toHaveCount(0);
  await expectAccessible(ed);
  await ed.screenshot({ path: testInfo.outputPath('3-editor-profiles.png') });
});

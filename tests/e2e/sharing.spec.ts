/**
 * Teams in a real browser: the owner invites an editor and a viewer from the Users page, shares a
 * workflow with the viewer, who opens it read-only (no Save, no Run; the server refuses both);
 * the editor doesn't see the unshared workflow at all.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createWorkflow, stepNode } from './helpers';
import { invite, join } from './team-helpers';

const seriousOf = async (page: Page) =>
  (await new AxeBuilder({ page }).exclude('.react-flow__handle').analyze()).violations.filter(
    (v) => v.impact === 'critical' || v.impact === 'serious',
  );

test('a viewer opens a shared workflow read-only; an editor doesn’t see an unshared one', async ({ page, browser, request }, testInfo) => {
  // Three people, two invitations, a run and several pages each: on a loaded 2-core machine this took 1.7 min.
  test.setTimeout(300_000);
  const stamp = Date.now();
  const id = await createWorkflow(
    request,
    `Payroll ${stamp}`,
    [
      { id: 't', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 } },
      { id: 'x', type: 'stop-with-error', name: 'Always fails', position: { x: 320, y: 0 }, config: { message: 'No payroll today' } },
    ],
    [['t', 'x']],
  );
  // One failed run: the owner could run it again; the viewer can only look at it.
  const started = await request.post('/api/trpc/runs.start', { data: { workflowId: id } });
  expect(started.ok(), await started.text()).toBe(true);
  const runsInput = encodeURIComponent(JSON.stringify({ workflowId: id }));
  await expect
    .poll(
      async () =>
        ((await (await request.get(`/api/trpc/runs.list?input=${runsInput}`)).json()) as { result: { data: Array<{ status: string }> } })
          .result.data[0]?.status,
      { timeout: 30_000 },
    )
    .toBe('failed');
  const editorLink = await invite(page, `ed.${stamp}@example.test`, 'editor');
  const viewerLink = await invite(page, `val.${stamp}@example.test`, 'viewer');
  const ed = await join(browser, editorLink, `Ed ${stamp}`);
  const val = await join(browser, viewerLink, `Val ${stamp}`);

  // Nothing is shared yet: neither sees it in the list, and its address says it isn't there.
  await ed.goto('/workflows');
  await expect(ed.getByRole('heading', { name: 'Workflows', exact: true })).toBeVisible();
  // Absent from the loaded list, not from a list still loading (that would pass at once).
  await expect(ed.getByText('Loading your workflows…')).toHaveCount(0);
  await expect(ed.getByText(`Payroll ${stamp}`)).toHaveCount(0);
  const hidden = await ed.request.get(`/api/trpc/workflows.get?input=${encodeURIComponent(JSON.stringify({ id }))}`);
  expect(hidden.status()).toBe(404);

  // The owner shares it with the viewer.
  await page.goto(`/workflows/${id}`);
  await expect(stepNode(page, 'Start')).toBeVisible();
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this workflow' });
  await dialog.getByLabel('Person').selectOption({ label: `Val ${stamp} (val.${stamp}@example.test)` });
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog.getByRole('list', { name: 'Shared with' })).toContainText(`Val ${stamp}`);
  expect(await seriousOf(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('share-dialog.png') });
  await dialog.getByRole('button', { name: 'Save sharing' }).click();
  await expect(dialog).toHaveCount(0);

  // The viewer sees it marked "View only", with nothing offered that would change it.
  await val.goto('/workflows');
  const row = val.getByTestId('workflow-row').filter({ hasText: `Payroll ${stamp}` });
  await expect(row.getByTestId('view-only-badge')).toHaveText('View only');
  await expect(row.getByRole('button', { name: `Delete Payroll ${stamp}` })).toHaveCount(0);
  await expect(row.getByRole('button', { name: `Rename Payroll ${stamp}` })).toHaveCount(0);
  await expect(row.getByRole('switch')).toHaveCount(0);
  await expect(val.getByRole('button', { name: 'New workflow' })).toHaveCount(0);
  expect(await seriousOf(val)).toEqual([]);
  await val.screenshot({ path: testInfo.outputPath('view-only-list.png') });

  // The runs page shows its run without a box to select it (no Run again, Stop or Delete).
  await val.goto('/runs');
  const runRow = val.getByTestId('run-row').filter({ hasText: `Payroll ${stamp}` });
  await expect(runRow.getByTestId('run-view-only')).toBeVisible();
  await expect(runRow.getByRole('checkbox')).toHaveCount(0);
  await expect(val.getByText('You can view these runs. Their workflows are shared with you to look at only.')).toBeVisible();
  expect(await seriousOf(val)).toEqual([]);
  await val.screenshot({ path: testInfo.outputPath('view-only-runs.png') });

  // It opens read-only.
  await val.goto('/workflows');
  await val
    .getByRole('link', { name: `Payroll ${stamp}` })
    .first()
    .click();
  await expect(val.getByTestId('view-only-banner')).toHaveText('You can view this workflow; ask its owner to edit.');
  await expect(stepNode(val, 'Start')).toBeVisible();
  await expect(val.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  await expect(val.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0);
  expect(await seriousOf(val)).toEqual([]);
  await val.screenshot({ path: testInfo.outputPath('view-only-editor.png') });
  // Its failed run is listed without Retry.
  await val.getByRole('tab', { name: 'Runs' }).click();
  const runsList = val.getByTestId('runs-list');
  await expect(runsList.locator('li')).toHaveCount(1);
  await expect(runsList.locator('li').first()).toContainText('Failed');
  await expect(runsList.getByRole('button', { name: /^Retry the run/ })).toHaveCount(0);
  // The server refuses a save or a run, whatever the page shows.
  const run = await val.request.post('/api/trpc/runs.start', { data: { workflowId: id } });
  expect(run.status()).toBe(403);
  const save = await val.request.post('/api/trpc/workflows.save', { data: { id, document: { name: 'Changed', nodes: [], edges: [] } } });
  expect(save.status()).toBe(403);

  // The editor still doesn't see it.
  await ed.reload();
  await expect(ed.getByRole('heading', { name: 'Workflows', exact: true })).toBeVisible();
  // Absent from the loaded list, not from a list still loading (that would pass at once).
  await expect(ed.getByText('Loading your workflows…')).toHaveCount(0);
  await expect(ed.getByText(`Payroll ${stamp}`)).toHaveCount(0);

  // The owner lets the editor use a saved credential ("Who may use it"); the editor sees it, without Edit or Delete.
  const credName = `Shop token ${stamp}`;
  const made = await request.post('/api/trpc/credentials.create', {
    data: { name: credName, type: 'http-bearer', values: { token: 'shop-secret' } },
  });
  expect(made.ok(), await made.text()).toBe(true);
  await ed.goto('/credentials');
  await expect(ed.getByRole('heading', { name: 'Credentials', exact: true })).toBeVisible();
  await expect(ed.getByText('Loading your credentials…')).toHaveCount(0);
  await expect(ed.getByText(credName)).toHaveCount(0);
  await page.goto('/credentials');
  await page.getByRole('button', { name: `Who may use ${credName}` }).click();
  const access = page.getByRole('dialog', { name: `Who may use “${credName}”` });
  await access.getByRole('checkbox', { name: new RegExp(`Ed ${stamp}`) }).check();
  expect(await seriousOf(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('credential-access.png') });
  await access.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('toast')).toContainText(`1 person besides the owner may use “${credName}”.`);
  await ed.reload();
  const credRow = ed.getByTestId('credential-row').filter({ hasText: credName });
  await expect(credRow).toBeVisible();
  await expect(credRow.getByRole('button', { name: `Delete ${credName}` })).toHaveCount(0);
  await expect(credRow.getByRole('button', { name: `Who may use ${credName}` })).toHaveCount(0);

  // A viewer makes no credentials or browser profiles: the pages offer none (the top bar's name shows their role is known).
  await val.goto('/credentials');
  await expect(val.getByRole('heading', { name: 'Credentials', exact: true })).toBeVisible();
  await expect(val.getByText(`Val ${stamp}`).first()).toBeVisible();
  await expect(val.getByRole('button', { name: 'New credential' })).toHaveCount(0);
  await val.goto('/profiles');
  await expect(val.getByRole('heading', { name: 'Browser profiles', exact: true })).toBeVisible();
  await expect(val.getByText(`Val ${stamp}`).first()).toBeVisible();
  await expect(val.getByRole('button', { name: 'New profile' })).toHaveCount(0);
  await expect(val.getByRole('button', { name: 'Make the first profile' })).toHaveCount(0);

  await ed.context().close();
  await val.context().close();

  // The owner finds the share and the sign-ups in Settings → Audit log.
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const table = page.getByTestId('audit-table');
  await expect(table.getByRole('row').filter({ hasText: 'Changed who a workflow is shared with' }).first()).toContainText(
    `Val ${stamp} (can view)`,
  );
  await expect(table.getByRole('row').filter({ hasText: 'Joined by invitation' }).first()).toBeVisible();
  await page.getByLabel('Action').selectOption({ label: 'Changed who a workflow is shared with' });
  await expect(table.getByRole('row')).toHaveCount(2);
  expect(await seriousOf(page)).toEqual([]);
  await page.getByLabel('Action').selectOption({ label: 'All actions' });
  await page.screenshot({ path: testInfo.outputPath('audit-log.png'), fullPage: true });
});

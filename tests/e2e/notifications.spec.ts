/**
 * The bell: a run of a workflow with a "Show a notification" step shows up in the top bar of a
 * page that is already open (live, no reload), links to its run, and can be marked read.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createWorkflow, openWorkflow, stepNode } from './helpers';

async function trpcPost(request: APIRequestContext, path: string, data: unknown): Promise<unknown> {
  const response = await request.post(`/api/trpc/${path}`, { data });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: unknown } }).result.data;
}

const bell = (page: Page) => page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
const count = (page: Page) => page.getByTestId('notification-count');

test('a run with a notification step lights up the bell, which opens the run', async ({ page, request }, testInfo) => {
  // Start from a quiet bell whatever ran before.
  await trpcPost(request, 'notifications.markRead', {});
  const id = await createWorkflow(
    request,
    'Nightly report',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'tell',
        type: 'notify',
        name: 'Tell me',
        position: { x: 320, y: 0 },
        config: { title: 'Report ready', message: 'It has {{ $items.length }} rows.', level: 'success' },
      },
    ],
    [['start', 'tell']],
  );

  // Run it in the editor: the bell of this very page counts the new entry.
  await openWorkflow(page, id, 'Tell me');
  await expect(bell(page)).toHaveAccessibleName('Notifications');
  await expect(count(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Tell me').locator('[data-status=succeeded]')).toBeVisible();
  await expect(count(page)).toHaveText('1');
  await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');

  // On another page, a run started elsewhere (the API) arrives without a reload.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows' }).click();
  await expect(page).toHaveURL(/\/workflows$/);
  const { runId } = (await trpcPost(request, 'runs.start', { workflowId: id, input: [{ n: 1 }, { n: 2 }, { n: 3 }] })) as { runId: string };
  await expect(count(page)).toHaveText('2');

  await bell(page).click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  const newest = panel.getByTestId('notification').first();
  await expect(newest).toContainText('Report ready');
  await expect(newest).toContainText('It has 3 rows.');
  await expect(newest).toContainText('just now');
  await expect(newest).toHaveAttribute('data-unread', 'true');
  // Earlier tests' entries (e.g. alerts of their failed runs) are in the list too, already read.
  await expect(panel.locator('[data-testid=notification][data-unread=true]')).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('bell-open.png') });

  // The entry's link opens that run in the editor and marks the entry read.
  await newest.getByRole('link', { name: 'Open the run of “Nightly report”' }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${id}\\?run=${runId}$`));
  await expect(page.getByText('Viewing a past run (read only).')).toBeVisible();
  await expect(panel).toBeHidden();
  await expect(count(page)).toHaveText('1');
  await page.screenshot({ path: testInfo.outputPath('run-from-bell.png') });

  // Mark all read empties the count; the entries stay in the list.
  await bell(page).click();
  await panel.getByRole('button', { name: 'Mark all read' }).click();
  await expect(count(page)).toHaveCount(0);
  await expect(panel.locator('[data-testid=notification][data-unread]')).toHaveCount(0);
  await expect(panel.getByTestId('notification').filter({ hasText: 'Report ready' })).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
});

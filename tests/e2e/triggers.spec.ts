/** Trigger steps in the editor: a webhook's address and test listening, a schedule's next times, Active, Retry. */
import { expect, test } from '@playwright/test';
import { createWorkflow, openWorkflow, stepNode, selectStep } from './helpers';

test('a webhook shows its address and receives a test request', async ({ page, request, baseURL }, testInfo) => {
  const id = await createWorkflow(request, 'Webhook test', [
    {
      id: 'hook',
      type: 'webhook-trigger',
      name: 'New order',
      position: { x: 0, y: 0 },
      config: { path: `orders-${Date.now()}`, method: 'POST' },
    },
  ]);
  await openWorkflow(page, id, 'New order');
  await selectStep(page, 'New order');
  const trigger = page.getByTestId('trigger-panel');
  const urls = trigger.getByTestId('webhook-url');
  await expect(urls.first()).toContainText('/webhook/orders-');
  await expect(urls.nth(1)).toContainText('/webhook-test/orders-');
  await expect(trigger).toContainText('Not active');

  await trigger.getByRole('button', { name: 'Listen for a test request' }).click();
  await expect(trigger.getByText('Listening…')).toBeVisible();
  const testPath = (await urls.nth(1).innerText())
    .split(' ')
    .pop()!
    .replace(/^https?:\/\/[^/]+/, '');
  // The test request may race the start of listening: send until it is heard.
  await expect
    .poll(async () => {
      await request.post(`${baseURL}${testPath}`, { data: { orderId: 42 } });
      return trigger.getByText('A test request arrived.').isVisible();
    })
    .toBe(true);
  await expect(trigger.locator('pre')).toContainText('"orderId": 42');
  await page.screenshot({ path: testInfo.outputPath('webhook.png') });

  // Active: on, then off again.
  const active = page.getByRole('switch', { name: /Active/ });
  await active.click();
  await expect(active).toHaveAttribute('aria-checked', 'true');
  await expect(trigger).toContainText('Active: this step starts the workflow by itself.');
  await active.click();
  await expect(active).toHaveAttribute('aria-checked', 'false');
});

test('a schedule shows its next five times as they are typed', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(request, 'Schedule test', [
    {
      id: 'clock',
      type: 'schedule-trigger',
      name: 'Every morning',
      position: { x: 0, y: 0 },
      config: { mode: 'simple', every: 'day', time: '07:30' },
    },
  ]);
  await openWorkflow(page, id, 'Every morning');
  await selectStep(page, 'Every morning');
  const times = page.getByTestId('schedule-times').locator('li');
  await expect(times).toHaveCount(5);
  await expect(times.first()).toContainText('7:30');
  await page.getByRole('textbox', { name: /At time/ }).fill('18:45');
  await expect(times.first()).toContainText('6:45');
  await page.screenshot({ path: testInfo.outputPath('schedule.png') });
});

test('retries a failed run from the Runs tab', async ({ page, request }) => {
  const id = await createWorkflow(
    request,
    'Retry test',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      { id: 'stop', type: 'stop-with-error', name: 'Always fails', position: { x: 320, y: 0 } },
    ],
    [['start', 'stop']],
  );
  await openWorkflow(page, id, 'Always fails');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(stepNode(page, 'Always fails').locator('[data-status=failed]')).toBeVisible();
  await page.getByRole('tab', { name: 'Runs' }).click();
  const list = page.getByTestId('runs-list');
  await expect(list.locator('li')).toHaveCount(1);
  await list.getByRole('button', { name: /^Retry the run/ }).click();
  await expect(list.locator('li')).toHaveCount(2);
  // The new run opens, read only, and is the one marked as open in the list.
  await expect(page.getByText('Viewing a past run (read only).')).toBeVisible();
  await expect(list.locator('li').first().locator('[aria-current=true]')).toBeVisible();
});

test('a webhook answers with a step picked by name, saved by its id', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Webhook answer test',
    [
      {
        id: 'hook',
        type: 'webhook-trigger',
        name: 'New order',
        position: { x: 0, y: 0 },
        config: { path: `answer-${Date.now()}`, respond: 'whenDone', responseNodeId: 'removed-step' },
      },
      { id: 'shape', type: 'no-op', name: 'Shape the answer', position: { x: 320, y: 0 } },
    ],
    [['hook', 'shape']],
  );
  await openWorkflow(page, id, 'New order');
  await selectStep(page, 'New order');
  const picker = page.getByRole('combobox', { name: 'Answer with the output of the step', exact: true });
  // A step id that no longer exists is said so, not shown as a bare id.
  await expect(picker.locator('option:checked')).toHaveText(/A step that no longer exists/);
  await expect(picker.locator('option').first()).toHaveText('The last step that ran');
  await picker.selectOption({ label: 'Shape the answer' });
  await page.screenshot({ path: testInfo.outputPath('webhook-answer-step.png') });
  await page.keyboard.press('Control+s');
  await expect(page.getByText('All changes saved')).toBeVisible();

  const saved = await request.get(`/api/trpc/workflows.get?input=${encodeURIComponent(JSON.stringify({ id }))}`);
  const doc = (
    (await saved.json()) as { result: { data: { document: { nodes: Array<{ id: string; config?: Record<string, unknown> }> } } } }
  ).result.data.document;
  expect(doc.nodes.find((n) => n.id === 'hook')?.config?.responseNodeId).toBe('shape');
});

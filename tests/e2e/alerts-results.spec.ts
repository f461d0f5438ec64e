/**
 * The "done when", in real Chromium against a real TaskMaster:
 * - a scheduled workflow that fails shows on the dashboard, raises an in-app alert (the bell)
 *   and an e-mail to a local SMTP server this test runs; the error workflow receives the
 *   failed step's name and error;
 * - a value tracked with "Track this value" over 5 runs is 5 points on the Results chart.
 * The Alerts, Scheduled and Results pages pass axe-core and are photographed at both widths.
 */
import { expect, test } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import { createWorkflow, selectStep } from './helpers';
import { runToEnd, screenshotBothWidths, trpcGet, trpcPost } from './dash-helpers';

test.describe.configure({ timeout: 240_000 });

let smtp: SMTPServer;
let smtpPort = 0;
const mails: string[] = [];

test.beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push(raw.replace(/=\r?\n/g, ''));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const address = smtp.server.address();
  smtpPort = typeof address === 'object' && address ? address.port : 0;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

// The instance-wide alert rules and mail server set here would reach every later test's failed
// runs (an "Error catcher" run per failure, mails to a closed port): put the instance back.
test.afterEach(async ({ request }) => {
  await trpcPost(request, 'alerts.reset', { scope: '*' });
  await trpcPost(request, 'settings.update', { defaultSmtpCredentialId: null });
});

test('a failing scheduled workflow shows on the dashboard, rings the bell, e-mails and starts the error workflow', async ({
  page,
  request,
}) => {
  const mail = (await trpcPost(request, 'credentials.create', {
    name: 'Alert mail',
    type: 'smtp',
    values: { host: '127.0.0.1', port: smtpPort, secure: false, user: '', password: '' },
  })) as { id: string };
  await trpcPost(request, 'settings.update', { defaultSmtpCredentialId: mail.id });
  const catcher = await createWorkflow(
    request,
    'Error catcher',
    [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 } },
      { id: 'keep', type: 'set-fields', name: 'Keep', position: { x: 240, y: 0 }, config: { fields: [{ name: 'handled', value: 'yes' }] } },
    ],
    [['start', 'keep']],
  );
  const nightly = await createWorkflow(
    request,
    'Nightly stock sync',
    [
      {
        id: 'tick',
        type: 'schedule-trigger',
        name: 'Every minute',
        position: { x: 0, y: 0 },
        config: { mode: 'simple', every: 'minutes', interval: 1 },
      },
      {
        id: 'sync',
        type: 'stop-with-error',
        name: 'Sync stock',
        position: { x: 240, y: 0 },
        config: { message: 'The warehouse API refused the login' },
      },
    ],
    [['tick', 'sync']],
  );

  // The instance default, set on the Alerts page: in the app, by e-mail, and the error workflow.
  await page.goto('/alerts');
  await expect(page.getByRole('heading', { name: 'Alerts' })).toBeVisible();
  await page.getByLabel('E-mail to').fill('ops@example.com');
  await page.getByLabel('Error workflow').selectOption({ label: 'Error catcher' });
  await page.getByRole('button', { name: 'Send a test alert' }).click();
  const results = page.getByTestId('test-alert-results');
  await expect(results).toContainText('In the app: sent.');
  await expect(results).toContainText('E-mail: sent. E-mail sent to ops@example.com.');
  await expect(results).toContainText('Error workflow: sent.');
  await page.getByRole('button', { name: 'Save alerts' }).click();
  await expect(page.getByText('Alerts saved.')).toBeVisible();
  await screenshotBothWidths(page, 'alerts');
  const testMails = mails.length;
  const catcherRunsBefore = ((await trpcGet(request, 'runs.search', { workflowId: catcher })) as { runs: unknown[] }).runs.length;

  // Turned on from the Scheduled page; the schedule fires within a minute and the run fails.
  await page.goto('/scheduled');
  const row = page.getByTestId('scheduled-trigger').filter({ hasText: 'Nightly stock sync' });
  await expect(row).toContainText('Every 1 minute');
  await row.getByRole('switch').click();
  await expect(row.getByRole('switch')).toHaveAttribute('aria-checked', 'true');
  await screenshotBothWidths(page, 'scheduled');
  await expect(row.locator('[data-status=failed]')).toBeVisible({ timeout: 90_000 });

  await page.goto('/');
  const failing = page.getByRole('region', { name: 'Failing now' });
  await expect(failing).toContainText('Nightly stock sync');
  await expect(failing).toContainText('In step “Sync stock”: The warehouse API refused the login');
  await expect(page.getByRole('banner').getByRole('button', { name: /^Notifications, \d+ unread/ })).toBeVisible();
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^Notifications/ })
    .click();
  await expect(page.getByRole('dialog', { name: 'Notifications' })).toContainText('Nightly stock sync failed');

  await expect.poll(() => mails.slice(testMails).some((m) => m.includes('Subject: Nightly stock sync failed'))).toBe(true);
  // Stop the schedule before it fires again.
  await trpcPost(request, 'workflows.setActive', { id: nightly, active: false });

  // The error workflow received the failed step's name and error.
  let received: Record<string, unknown> | undefined;
  await expect
    .poll(
      async () => {
        const runs = (
          (await trpcGet(request, 'runs.search', { workflowId: catcher, statuses: ['succeeded'] })) as { runs: Array<{ id: string }> }
        ).runs;
        if (runs.length <= catcherRunsBefore) return false;
        const run = (await trpcGet(request, 'runs.get', { runId: runs[0].id })) as {
          nodes: Record<string, { outputPreview: { main: Array<Record<string, unknown>> } }>;
        };
        received = run.nodes.keep.outputPreview.main[0];
        return received?.workflowName === 'Nightly stock sync';
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  expect(received).toMatchObject({
    failedStep: { id: 'sync', name: 'Sync stock' },
    error: 'The warehouse API refused the login',
    handled: 'yes',
  });
});

test('a value tracked on a step: 5 runs are 5 points on the Results chart', async ({ page, request }) => {
  const id = await createWorkflow(
    request,
    'Watch a price',
    [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 } },
      {
        id: 'price',
        type: 'set-fields',
        name: 'Read price',
        position: { x: 240, y: 0 },
        config: { fields: [{ name: 'price', value: '{{ $json.price }}' }] },
      },
    ],
    [['start', 'price']],
  );
  const first = await runToEnd(request, id, { price: 19.99 });
  await page.goto(`/workflows/${id}?run=${first.runId}`);
  await selectStep(page, 'Read price');
  const track = page.getByTestId('track-value');
  await track.getByRole('button', { name: 'Track this value' }).click();
  await track.getByLabel('Label (optional)').fill('Price in EUR');
  await track.getByRole('button', { name: 'Track', exact: true }).click();
  await expect(track).toContainText('Tracking Price in EUR on every run.');

  await page.goto('/results');
  await expect(page.getByText('No run has recorded this value yet.')).toBeVisible();
  for (const price of [21.5, 18.25, 24, 20]) await runToEnd(request, id, { price });
  await runToEnd(request, id, { price: 17 });
  // Live: the page updates without a reload.
  await expect(page.getByTestId('result-point')).toHaveCount(5);
  await expect(page.getByTestId('result-row')).toHaveCount(5);
  const summary = page.getByTestId('results-summary');
  await expect(summary).toContainText('Lowest17');
  await expect(summary).toContainText('Highest24');
  await expect(summary).toContainText('Last17');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await (await download).createReadStream();
  let text = '';
  for await (const chunk of csv) text += String(chunk);
  expect(text.split('\n')[0]).toBe('time,run,value');
  expect(text.trim().split('\n')).toHaveLength(6);
  await screenshotBothWidths(page, 'results');
});

/**
 * The browser automation a user asks for first: sign in to a site with a profile, open the
 * report page, read its table and save it as CSV, then look at every step's result on the canvas.
 */
import { expect, test } from '@playwright/test';
import { html, startTestSite, type TestSite } from '../helpers/test-site';
import { createWorkflow, openWorkflow, stepNode, selectStep } from './helpers';

let site: TestSite;

test.beforeAll(async () => {
  site = await startTestSite({
    '/login': html(
      '<h1>Sign in</h1><form method="post" action="/session"><label>Email <input id="email" name="email"></label>' +
        '<label>Password <input id="password" name="password" type="password"></label><button>Sign in</button></form>',
      'Sign in',
    ),
    '/session': (_req, res, body) => {
      const ok = new URLSearchParams(body).get('password') === 'garden';
      res.writeHead(303, { location: ok ? '/report' : '/login', ...(ok ? { 'set-cookie': 'session=ok; Path=/' } : {}) });
      res.end();
    },
    '/report': (req, res) => {
      const signedIn = (req.headers.cookie ?? '').includes('session=ok');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        signedIn
          ? html(
              '<h1>Sales report</h1><table id="sales"><tr><th>Region</th><th>Sales</th></tr><tr><td>North</td><td>120</td></tr><tr><td>South</td><td>80</td></tr></table>',
              'Report',
            )
          : html('<h1>Please sign in</h1>', 'Sign in first'),
      );
    },
  });
});

test.afterAll(async () => {
  await site.close();
});

test('signs in with a profile, scrapes the report table and saves it as CSV, step by step on the canvas', async ({
  page,
  request,
}, testInfo) => {
  const made = await request.post('/api/trpc/profiles.create', { data: { name: 'Report reader' } });
  expect(made.ok(), await made.text()).toBe(true);
  const profileId = ((await made.json()) as { result: { data: { id: string } } }).result.data.id;
  const file = `reports/sales-${Date.now()}.csv`;
  const steps = [
    { id: 'start', type: 'manual-trigger', name: 'Manual start', config: {} },
    { id: 'open', type: 'browser-open', name: 'Open the sign-in page', config: { url: `${site.url}/login`, profileId } },
    { id: 'email', type: 'browser-type', name: 'Type the email', config: { selector: '#email', text: 'ada@example.com' } },
    { id: 'password', type: 'browser-type', name: 'Type the password', config: { selector: '#password', text: 'garden' } },
    { id: 'signin', type: 'browser-click', name: 'Sign in', config: { selector: 'role=button[name="Sign in"]' } },
    { id: 'report', type: 'browser-open', name: 'Open the report', config: { url: `${site.url}/report`, profileId } },
    { id: 'table', type: 'browser-table', name: 'Read the sales table', config: { mode: 'table', selector: '#sales' } },
    { id: 'save', type: 'save-csv', name: 'Save as CSV', config: { path: file } },
  ];
  const id = await createWorkflow(
    request,
    'Sales report from the shop',
    steps.map((s, i) => ({ ...s, position: { x: i * 300, y: (i % 2) * 140 } })),
    steps.slice(1).map((s, i) => [steps[i].id, s.id] as [string, string]),
  );
  await openWorkflow(page, id, 'Save as CSV');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Run finished' }).first()).toBeVisible({ timeout: 60_000 });
  for (const step of steps) await expect(stepNode(page, step.name).locator('[data-status=succeeded]')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('1-run.png') });

  // The table's rows, with the header's names as columns.
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await selectStep(page, 'Read the sales table');
  await panel.getByRole('tab', { name: 'Output' }).click();
  const table = panel.getByTestId('output-table');
  await expect(table.getByRole('columnheader', { name: /^Region/ })).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tbody tr').first()).toContainText('North');
  await expect(table.locator('tbody tr').first()).toContainText('120');
  await page.screenshot({ path: testInfo.outputPath('2-table.png') });

  // The saved file can be downloaded from its step.
  await selectStep(page, 'Save as CSV');
  const download = page.waitForEvent('download');
  await panel.getByRole('link', { name: /Download/ }).click();
  const saved = await download;
  const text = await (await saved.createReadStream()).toArray();
  expect(Buffer.concat(text).toString('utf8').trim().split(/\r?\n/)).toEqual(['Region,Sales', 'North,120', 'South,80']);
  // The report page was read signed in: the site saw the session cookie.
  expect(site.requests.find((r) => r.path === '/report')?.cookie).toContain('session=ok');
});

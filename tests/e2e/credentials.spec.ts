/**
 * What a user does with a secret: save it once on the Credentials page, pick it in a step, and
 * never see it again (not in the edit form, not in the page), then delete it.
 */
import { expect, test } from '@playwright/test';

test('saves a token, shows it only as "Saved", offers it in a step, and deletes it', async ({ page, request }) => {
  const secret = `s3cr3t-e2e-${Date.now()}`;
  const name = `Shop API ${Date.now()}`;
  await page.goto('/credentials');
  await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
  await page.getByRole('button', { name: 'New credential' }).click();
  await page.getByRole('button', { name: /Bearer token/ }).click();
  await page.getByRole('textbox', { name: /^Name/ }).fill(name);
  await page.locator('#credential-token').fill(secret);
  await page.getByRole('button', { name: 'Save credential' }).click();

  const row = page.getByTestId('credential-row').filter({ hasText: name });
  await expect(row).toContainText('Bearer token');
  await row.getByRole('button', { name: `Edit ${name}` }).click();
  await expect(page.locator('#credential-token')).toHaveValue('');
  await expect(page.locator('#credential-token')).toHaveAttribute('placeholder', 'Saved — type to replace');
  expect(await page.content()).not.toContain(secret);
  await page.getByRole('button', { name: 'Cancel' }).click();

  // A step that uses it shows it by name, among those of the types its field accepts.
  const listed = await request.get('/api/trpc/credentials.list');
  const credentials = ((await listed.json()) as { result: { data: Array<{ id: string; name: string }> } }).result.data;
  const credentialId = credentials.find((c) => c.name === name)?.id;
  expect(credentialId).toBeTruthy();
  const created = await request.post('/api/trpc/workflows.create', {
    data: {
      document: {
        name: 'Uses a credential',
        nodes: [
          { id: 't', name: 'Start', type: 'manual-trigger', position: { x: 0, y: 0 } },
          {
            id: 'h',
            name: 'Call API',
            type: 'http-request',
            position: { x: 300, y: 0 },
            config: { url: 'https://example.com', auth: 'credential', credential: credentialId },
          },
        ],
        edges: [{ id: 'e', source: 't', target: 'h' }],
      },
    },
  });
  const { id } = ((await created.json()) as { result: { data: { id: string } } }).result.data;
  await page.goto(`/workflows/${id}`);
  await page.locator('[data-testid=step-node][data-name="Call API"]').click();
  const select = page.locator('select[id$="config-credential"]');
  await expect(select).toHaveValue(credentialId ?? '');
  await expect(select.locator('option:checked')).toHaveText(`${name} · Bearer token`);
  await expect(page.getByRole('link', { name: /Create new/ })).toHaveAttribute('href', /\/credentials\?new=/);

  // Deleting it first says which workflow would stop working.
  await page.goto('/credentials');
  await page
    .getByTestId('credential-row')
    .filter({ hasText: name })
    .getByRole('button', { name: `Delete ${name}` })
    .click();
  await expect(page.getByTestId('credential-users')).toContainText('Uses a credential (Call API)');
  await page.getByRole('button', { name: 'Delete anyway' }).click();
  await expect(page.getByTestId('credential-row').filter({ hasText: name })).toHaveCount(0);
});

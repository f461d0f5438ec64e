/**
 * Templates, version history and share links as a user meets them: start a workflow from the
 * gallery, see what a save changed on the canvas, restore the old version, share it read-only
 * and turn the link off.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';

/** A tRPC call over HTTP: setting up a second version without dragging steps around. */
async function trpc<T>(request: APIRequestContext, path: string, input: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> {
  const res =
    method === 'GET'
      ? await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
      : await request.post(`/api/trpc/${path}`, { data: input });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

interface Doc {
  nodes: Array<{ id: string; name: string; type: string; position: { x: number; y: number }; config: Record<string, unknown> }>;
  edges: Array<{ id: string; source: string; sourceHandle: string; target: string; targetHandle: string }>;
}

test('uses a template, compares and restores a version, then shares it read-only', async ({ page, request }, testInfo) => {
  await page.goto('/templates');
  await expect(page.getByTestId('template-card').first()).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill('duplicate emails');
  await page.getByRole('combobox', { name: 'Category' }).selectOption('Data');
  await expect(page.getByTestId('template-card')).toHaveCount(1);
  await page.getByRole('button', { name: 'Use the template Clean up a CSV file' }).click();
  await expect(page).toHaveURL(/\/workflows\/wf_[a-z0-9]+$/);
  await expect(page.locator('[data-testid=step-node][data-name="Load customers"]')).toBeVisible();
  const id = page.url().split('/').pop()!;

  // Version 2: the duplicate step removed, a log step added.
  const wf = await trpc<{ document: Doc }>(request, 'workflows.get', { id }, 'GET');
  const doc = wf.document;
  doc.nodes = doc.nodes.filter((n) => n.id !== 'dedupe');
  doc.edges = doc.edges.filter((e) => e.source !== 'dedupe' && e.target !== 'dedupe');
  doc.edges.push({ id: 'e_types_save', source: 'types', sourceHandle: 'main', target: 'save', targetHandle: 'main' });
  doc.nodes.push({ id: 'log', type: 'log-message', name: 'Say done', position: { x: 1920, y: 0 }, config: { message: 'done' } });
  doc.edges.push({ id: 'e_save_log', source: 'save', sourceHandle: 'main', target: 'log', targetHandle: 'main' });
  // And a setting changed: History says which one, from what to what.
  const save = doc.nodes.find((n) => n.id === 'save')!;
  save.config = { ...save.config, path: 'reports/customers-2026.csv' };
  await trpc(request, 'workflows.save', { id, document: doc });

  await page.reload();
  await page.getByRole('tab', { name: 'History' }).click();
  const list = page.getByTestId('history-list');
  await expect(list.getByRole('button')).toHaveCount(2);
  await expect(list.getByRole('button').first()).toContainText('Added "Say done"; Removed "Remove duplicate emails"');
  await list.getByRole('button').first().click();
  await expect(page.locator('[data-testid=preview-node][data-mark=added]')).toContainText('Added');
  await expect(page.locator('[data-testid=preview-node][data-mark=removed]')).toContainText('Removed');
  await expect(page.locator('[data-testid=preview-node][data-mark=changed]')).toContainText(
    '"reports/customers-clean.csv" → "reports/customers-2026.csv"',
  );
  await expect(page.getByTestId('setting-changes')).toContainText('“Save clean CSV”');
  await expect(page.getByTestId('setting-changes')).toContainText(': "reports/customers-clean.csv" → "reports/customers-2026.csv"');
  await page.screenshot({ path: testInfo.outputPath('1-diff.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('1-diff-phone.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  await list.getByRole('button').nth(1).click();
  await page.getByRole('button', { name: 'Restore this version' }).click();
  await page.getByRole('button', { name: 'Restore version 1' }).click();
  // The editor reopens on the restored version, saved as version 3.
  await expect(page.locator('[data-testid=step-node][data-name="Remove duplicate emails"]')).toBeVisible();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByTestId('history-list').getByRole('button')).toHaveCount(3);

  const link = await trpc<{ url: string }>(request, 'workflows.share', { id });
  await page.goto(link.url);
  await expect(page.getByRole('heading', { name: 'Clean up a CSV file' })).toBeVisible();
  await expect(page.getByTestId('preview-node')).toHaveCount(6);
  await page.screenshot({ path: testInfo.outputPath('2-shared.png') });

  await trpc(request, 'workflows.revokeShare', { id });
  const off = await page.goto(link.url);
  expect(off?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This link was turned off' })).toBeVisible();
});

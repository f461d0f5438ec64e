/** Steps the dashboard, runs and results tests share: API calls, waiting for runs, axe, screenshots. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export async function trpcPost(request: APIRequestContext, path: string, data: unknown): Promise<unknown> {
  const response = await request.post(`/api/trpc/${path}`, { data });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: unknown } }).result.data;
}

export async function trpcGet(request: APIRequestContext, path: string, input: unknown): Promise<unknown> {
  const response = await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: unknown } }).result.data;
}

/** Starts a run of a saved workflow and waits (polling the API) until it has ended. */
export async function runToEnd(
  request: APIRequestContext,
  workflowId: string,
  input?: unknown,
): Promise<{ runId: string; status: string }> {
  const { runId } = (await trpcPost(request, 'runs.start', { workflowId, input })) as { runId: string };
  let status = 'queued';
  await expect
    .poll(
      async () => {
        status = ((await trpcGet(request, 'runs.get', { runId })) as { status: string }).status;
        return ['succeeded', 'failed', 'cancelled'].includes(status);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return { runId, status };
}

/** No critical or serious axe-core violations on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(
    bad.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    ),
  ).toEqual([]);
}

/** Screenshots at 1280 px and at phone width (390 px), kept in test-results/ to be looked at. */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `test-results/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `test-results/${name}-phone.png`, fullPage: true });
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 800 });
}

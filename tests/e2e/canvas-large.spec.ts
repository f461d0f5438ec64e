/**
 * A 1,000-step workflow on the canvas. From 200 steps on the canvas draws only the steps in view
 * (lib/node-geometry.ts), so this proves no step is hidden for good: the farthest step appears
 * when the user pans to it, and can be selected, renamed and saved like any other.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './dash-helpers';
import { createWorkflow, stepNode, type TestNode } from './helpers';

const COUNT = 1000;
const COLUMNS = 20;
const place = (i: number) => ({ x: (i % COLUMNS) * 300, y: Math.floor(i / COLUMNS) * 180 });
const nodes: TestNode[] = Array.from({ length: COUNT }, (_, i) =>
  i === 0
    ? { id: 's0', type: 'manual-trigger', name: 'Manual start', position: place(0) }
    : { id: `s${i}`, type: 'no-op', name: `Step ${i}`, position: place(i) },
);
const links = nodes.slice(1).map((n, i): [string, string] => [nodes[i].id, n.id]);
const last = nodes[COUNT - 1];

/** Drags the empty canvas toward a point of the graph, one screen-sized move at a time, until `done`. */
async function panToward(page: Page, flowPoint: { x: number; y: number }, done: () => Promise<boolean>): Promise<number> {
  const pane = page.locator('.react-flow__pane');
  for (let moves = 0; moves < 60; moves++) {
    if (await done()) return moves;
    const box = (await pane.boundingBox())!;
    const { x, y, zoom } = await page
      .locator('.react-flow__viewport')
      .evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform))
      .then((m) => ({ x: m.e, y: m.f, zoom: m.a }));
    // Where the point is on screen now, and how far the canvas's middle is from it.
    const dx = box.x + box.width / 2 - (box.x + x + flowPoint.x * zoom);
    const dy = box.y + box.height / 2 - (box.y + y + flowPoint.y * zoom);
    const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));
    // Press on an empty spot of the pane (between the rows of steps), then drag.
    const start = { x: box.x + box.width / 2, y: box.y + 40 };
    const spot = await page.evaluate(
      ({ sx, sy }) => {
        const paneEl = document.querySelector('.react-flow__pane');
        for (let yy = sy; yy < sy + 600; yy += 13) if (document.elementFromPoint(sx, yy) === paneEl) return { x: sx, y: yy };
        return null;
      },
      { sx: start.x, sy: start.y },
    );
    if (!spot) throw new Error('no empty spot of the canvas to drag');
    await page.mouse.move(spot.x, spot.y);
    await page.mouse.down();
    await page.mouse.move(spot.x + clamp(dx, 450), spot.y + clamp(dy, 300), { steps: 8 });
    await page.mouse.up();
  }
  throw new Error('the step did not come into view after 60 moves');
}

test('a far-away step of a 1,000-step workflow appears when panned to and can be edited', async ({ page, request }, testInfo) => {
  test.setTimeout(300_000);
  const id = await createWorkflow(request, '1,000 steps', nodes, links);
  await page.goto(`/workflows/${id}`);
  await expect(stepNode(page, 'Manual start')).toBeVisible({ timeout: 60_000 });
  // Every step is placed (the overview map has a box for each), but only those in view are drawn.
  await expect(page.getByTestId('overview-map')).toHaveAttribute('data-steps', String(COUNT), { timeout: 60_000 });
  await expect(stepNode(page, last.name)).toHaveCount(0);
  // The large canvas's own overview map included: no critical or serious axe-core findings.
  await expectAccessible(page);

  const far = stepNode(page, last.name);
  const centre = { x: last.position.x + 120, y: last.position.y + 30 };
  await panToward(page, centre, async () => (await far.count()) > 0 && (await far.isVisible()));
  await expect(far).toBeVisible();

  // Selected and edited like any step: the panel shows it, a new name shows on the canvas and is saved.
  await far.click();
  const panel = page.getByRole('complementary', { name: 'Step panel' });
  await expect(panel.getByRole('heading', { level: 2, name: last.name, exact: true })).toBeVisible();
  await panel.getByLabel('Step name').fill('The last step');
  await expect(stepNode(page, 'The last step')).toBeVisible();
  await page.keyboard.press('Control+s');
  // Not a bare "Saved": that also matches "Unsaved changes", which shows before the save is done.
  await expect(page.getByText('All changes saved')).toBeVisible();
  const saved = await request.get(`/api/trpc/workflows.get?input=${encodeURIComponent(JSON.stringify({ id }))}`);
  const doc = ((await saved.json()) as { result: { data: { document: { nodes: Array<{ id: string; name: string }> } } } }).result.data
    .document;
  expect(doc.nodes.find((n) => n.id === last.id)?.name).toBe('The last step');
  expect(doc.nodes).toHaveLength(COUNT);

  // Zoomed out as far as the canvas goes, the steps in view are drawn (kept for a look, not compared).
  const zoomOut = page.getByRole('button', { name: 'Zoom Out' });
  while (await zoomOut.isEnabled()) await zoomOut.click();
  await expect(page.locator('[data-testid=step-node]').nth(20)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('zoomed-out.png') });
});

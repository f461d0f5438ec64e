/**
 * Editing on the canvas the way a user does it: undo and redo, copy and paste (within a
 * workflow and into another one), and a loop the canvas refuses with its reason.
 */
import { expect, test } from '@playwright/test';
import {
  allSteps,
  clickEmptyCanvas,
  connect,
  createWorkflow,
  dragStep,
  edges,
  openWorkflow,
  sourceHandle,
  stepNode,
  targetHandle,
} from './helpers';

const chain = [
  { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
  { id: 'a', type: 'set-fields', name: 'Step A', position: { x: 320, y: 0 } },
  { id: 'b', type: 'set-fields', name: 'Step B', position: { x: 640, y: 0 } },
];
const chainLinks: Array<[string, string]> = [
  ['start', 'a'],
  ['a', 'b'],
];

test('undo and redo adding, moving and renaming steps', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(request, 'Undo test', [chain[0]]);
  await openWorkflow(page, id, 'Manual start');
  const undo = () => page.keyboard.press('Control+z');
  const redo = () => page.keyboard.press('Control+Shift+z');

  // Adding a step is one step of history.
  await page.getByTestId('palette-set-fields').click();
  await expect(allSteps(page)).toHaveCount(2);
  await undo();
  await expect(allSteps(page)).toHaveCount(1);
  await redo();
  await expect(allSteps(page)).toHaveCount(2);
  await expect(edges(page)).toHaveCount(0);

  // A drag is one step, however many moves it made.
  const step = stepNode(page, 'Set fields');
  const before = await step.boundingBox();
  await dragStep(page, step, 0, 160);
  const after = await step.boundingBox();
  expect(after!.y).toBeGreaterThan(before!.y + 100);
  await undo();
  await expect.poll(async () => Math.round((await step.boundingBox())!.y)).toBe(Math.round(before!.y));

  // Typing a new name is one step, not one per letter.
  await step.click();
  const name = page.getByRole('complementary', { name: 'Step panel' }).getByLabel('Step name');
  await name.fill('');
  await name.pressSequentially('Greeting', { delay: 20 });
  await expect(stepNode(page, 'Greeting')).toBeVisible();
  await clickEmptyCanvas(page);
  await undo();
  await expect(stepNode(page, 'Set fields')).toBeVisible();
  await page.keyboard.press('Control+y');
  await expect(stepNode(page, 'Greeting')).toBeVisible();

  // The buttons do the same as the keys.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(stepNode(page, 'Set fields')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('undo.png') });
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(stepNode(page, 'Greeting')).toBeVisible();
});

test('copies and pastes steps within a workflow and into another one', async ({ page, request }, testInfo) => {
  const first = await createWorkflow(request, 'Copy from here', chain, chainLinks);
  const second = await createWorkflow(request, 'Paste into here');
  await openWorkflow(page, first, 'Step A');

  // Shift+drag draws a box that selects both; Shift+click adds a step and takes it out again.
  const a = (await stepNode(page, 'Step A').boundingBox())!;
  const b = (await stepNode(page, 'Step B').boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(a.x - 20, a.y - 30);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width + 20, b.y + b.height + 30, { steps: 10 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const selected = page.locator('.react-flow__node.selected');
  await expect(selected).toHaveCount(2);
  await stepNode(page, 'Manual start').click({ modifiers: ['Shift'] });
  await expect(selected).toHaveCount(3);
  await stepNode(page, 'Manual start').click({ modifiers: ['Shift'] });
  await expect(selected).toHaveCount(2);
  // The copy takes the connection between them along.
  await page.keyboard.press('Control+c');
  await expect(page.getByTestId('toast').filter({ hasText: 'Copied 2 items' })).toBeVisible();

  await page.keyboard.press('Control+v');
  await expect(allSteps(page)).toHaveCount(5);
  await expect(stepNode(page, 'Step A 2')).toBeVisible();
  await expect(stepNode(page, 'Step B 2')).toBeVisible();
  await expect(edges(page)).toHaveCount(3);
  // Pasted next to the originals, not on top of them.
  const original = (await stepNode(page, 'Step A').boundingBox())!;
  const copy = (await stepNode(page, 'Step A 2').boundingBox())!;
  expect(copy.x - original.x).toBeGreaterThan(10);
  expect(copy.y - original.y).toBeGreaterThan(10);
  await page.screenshot({ path: testInfo.outputPath('pasted-same-workflow.png') });

  // Ctrl+D duplicates what is selected (the pasted pair).
  await page.keyboard.press('Control+d');
  await expect(allSteps(page)).toHaveCount(7);
  await page.keyboard.press('Control+s');
  await expect(page.getByText('All changes saved')).toBeVisible();

  await openWorkflow(page, second);
  await clickEmptyCanvas(page);
  await page.keyboard.press('Control+v');
  await expect(stepNode(page, 'Step A')).toBeVisible();
  await expect(stepNode(page, 'Step B')).toBeVisible();
  await expect(edges(page)).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('pasted-other-workflow.png') });
  await page.keyboard.press('Control+s');
  await expect(page.getByText('All changes saved')).toBeVisible();

  const saved = await request.get(`/api/trpc/workflows.get?input=${encodeURIComponent(JSON.stringify({ id: second }))}`);
  const doc = (
    (await saved.json()) as {
      result: { data: { document: { nodes: Array<{ id: string; name: string }>; edges: Array<{ source: string; target: string }> } } };
    }
  ).result.data.document;
  expect(doc.nodes.map((n) => n.name).sort()).toEqual(['Step A', 'Step B']);
  // New ids, and the connection follows them.
  expect(doc.nodes.some((n) => n.id === 'a' || n.id === 'b')).toBe(false);
  const byName = new Map(doc.nodes.map((n) => [n.name, n.id]));
  expect(doc.edges).toEqual([expect.objectContaining({ source: byName.get('Step A'), target: byName.get('Step B') })]);
});

test('refuses a connection that would make a loop, and says why', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(request, 'Loop test', chain, chainLinks);
  await openWorkflow(page, id, 'Step B');
  await expect(edges(page)).toHaveCount(2);

  await connect(page, sourceHandle(stepNode(page, 'Step B')), targetHandle(stepNode(page, 'Step A')));
  const toast = page.getByTestId('toast').filter({ hasText: 'This would make a loop' });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('"Step A" already leads back to "Step B"');
  await expect(edges(page)).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('loop-refused.png') });
});

/** Shared steps of the browser tests: make workflows through the API, find and connect steps. */
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export const stepNode = (page: Page, name: string): Locator => page.locator(`[data-testid=step-node][data-name="${name}"]`);
export const allSteps = (page: Page): Locator => page.locator('[data-testid=step-node]');
export const edges = (page: Page): Locator => page.locator('.react-flow__edge');

/**
 * Whether the step lies outside its canvas's visible area, for example behind the step panel
 * that opened for another step and narrowed the canvas. Also undoes any scrolling of the canvas's
 * boxes: Playwright "scrolls into view" a hidden step by scrolling React Flow's overflow-hidden
 * boxes, which React Flow doesn't know about, so later clicks land beside what is drawn.
 */
async function hiddenInCanvas(step: Locator): Promise<boolean> {
  return step.evaluate((el) => {
    const flow = el.closest('.react-flow');
    if (!flow) return false;
    for (let box: Element | null = el.parentElement; box && box !== flow.parentElement; box = box.parentElement) {
      box.scrollLeft = 0;
      box.scrollTop = 0;
    }
    const f = flow.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    return b.left < f.left || b.top < f.top || b.right > f.right || b.bottom > f.bottom;
  });
}

/**
 * Clicks a step as a user would and waits until the panel shows it: a step hidden behind the open
 * panel is first brought into view with the canvas's "Fit View" button, as a user would pan to it.
 */
export async function selectStep(page: Page, name: string): Promise<void> {
  const step = stepNode(page, name);
  const heading = page.locator('aside').getByRole('heading', { level: 2, name, exact: true });
  await expect(async () => {
    if (await hiddenInCanvas(step)) {
      await step
        .locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " react-flow ")]')
        .getByRole('button', { name: 'Fit View' })
        .click();
    }
    await step.click({ timeout: 10_000 });
    await expect(heading).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
}

/** A node of a test document; fields left out get the schema's defaults. */
export interface TestNode {
  id: string;
  type: string;
  name: string;
  position: { x: number; y: number };
  config?: Record<string, unknown>;
}

/** Creates a workflow through the API (as the SDK would) and returns its id. */
export async function createWorkflow(
  request: APIRequestContext,
  name: string,
  nodes: TestNode[] = [],
  links: Array<[string, string]> = [],
): Promise<string> {
  const document = { name, nodes, edges: links.map(([source, target], i) => ({ id: `e${i + 1}`, source, target })) };
  const response = await request.post('/api/trpc/workflows.create', { data: { document } });
  expect(response.ok(), await response.text()).toBe(true);
  const body = (await response.json()) as { result: { data: { id: string } } };
  return body.result.data.id;
}

/** Opens a workflow and waits until its steps are on the canvas. */
export async function openWorkflow(page: Page, id: string, firstStep?: string): Promise<void> {
  await page.goto(`/workflows/${id}`);
  if (firstStep) await expect(stepNode(page, firstStep)).toBeVisible();
  else await expect(page.getByRole('toolbar', { name: 'Canvas tools' })).toBeVisible();
}

/** React Flow connects on real mouse moves (locator.dragTo does not drive it). */
export async function connect(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('handle not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 });
  await page.mouse.up();
}

/** Drags a step by its title with real mouse moves, as React Flow needs. */
export async function dragStep(page: Page, step: Locator, dx: number, dy: number): Promise<void> {
  const box = await step.boundingBox();
  if (!box) throw new Error('step not visible');
  const x = box.x + 60;
  const y = box.y + 20;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 10 });
  await page.mouse.up();
}

/** A click on an empty part of the canvas: clears the selection and puts focus on the canvas. */
export async function clickEmptyCanvas(page: Page): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 30, y: 300 } });
}

export const sourceHandle = (step: Locator): Locator => step.locator('.react-flow__handle.source').first();
export const targetHandle = (step: Locator): Locator => step.locator('.react-flow__handle.target').first();

/** "+" after a step, then the step type from the list: it is added, connected and selected. */
export async function addAfter(page: Page, after: string, type: string, name: string) {
  await stepNode(page, after)
    .getByRole('button', { name: `Add a step after “${after}”` })
    .click();
  await page
    .getByRole('dialog', { name: `Add a step after “${after}”` })
    .getByTestId(`palette-${type}`)
    .click();
  await expect(stepNode(page, name)).toBeVisible();
  await selectStep(page, name);
}

/**
 * Clicks Run and waits for the message saying how this run ended. Messages of earlier runs are
 * closed first: a "Run finished" left on screen by the last run (they stay 5 s) would otherwise
 * answer at once, and the test would read the steps before this run had ended.
 */
export async function runAndWait(page: Page, ended: RegExp = /^Run finished/, timeout?: number): Promise<void> {
  const toasts = page.getByTestId('toast');
  // Closed in one go in the page: a message that goes by itself meanwhile can't leave a click waiting.
  await toasts.getByRole('button', { name: 'Close message' }).evaluateAll((buttons) => {
    for (const button of buttons) (button as HTMLButtonElement).click();
  });
  await expect(toasts.filter({ hasText: ended })).toHaveCount(0);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(toasts.filter({ hasText: ended })).toBeVisible(timeout ? { timeout } : undefined);
}

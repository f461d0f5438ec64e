/**
 * The main pages pass axe-core with no critical or serious violations: the workflow list, the
 * editor with a step open, a past run, templates, credentials, browser profiles, settings and
 * the steps catalogue. A failure lists each rule with the elements that break it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createWorkflow, openWorkflow, selectStep } from './helpers';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
          .slice(0, 5)
          .map((n) => n.target.join(' '))
          .join('\n    ')}${v.nodes.length > 5 ? `\n    … ${v.nodes.length - 5} more` : ''}`,
    );
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousViolations(page), `${what}: axe-core found`).toEqual([]);
}

const pages: Array<[string, string, string]> = [
  ['workflow list', '/workflows', 'Workflows'],
  ['templates', '/templates', 'Templates'],
  ['credentials', '/credentials', 'Credentials'],
  ['browser profiles', '/profiles', 'Browser profiles'],
  ['settings', '/settings', 'Settings'],
  ['steps catalogue', '/nodes', 'Steps'],
];

for (const [what, path, heading] of pages) {
  // One test a page: axe on the long steps catalogue alone takes a while on a loaded machine.
  test(`the ${what} page passes axe-core with no serious problems`, async ({ page, request }, testInfo) => {
    // Something in the list, so its rows and buttons are checked too.
    if (path === '/workflows')
      await createWorkflow(request, 'Accessible workflow', [
        { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      ]);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(heading) }).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: testInfo.outputPath(`${path.slice(1)}.png`) });
    await expectAccessible(page, what);
  });
}

test('the editor with a step open, and a past run, pass axe-core with no serious problems', async ({ page, request }, testInfo) => {
  const id = await createWorkflow(
    request,
    'Accessible editor',
    [
      { id: 'start', type: 'manual-trigger', name: 'Manual start', position: { x: 0, y: 0 } },
      {
        id: 'big',
        type: 'filter',
        name: 'Big orders',
        position: { x: 320, y: 0 },
        config: { conditions: [{ field: 'amount', operator: 'gt', value: '10' }] },
      },
    ],
    [['start', 'big']],
  );
  await openWorkflow(page, id, 'Big orders');
  await selectStep(page, 'Big orders');
  await expect(page.getByRole('complementary', { name: 'Step panel' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('editor.png') });
  await expectAccessible(page, 'editor with a step open');

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Run finished' }).first()).toBeVisible();
  await expectAccessible(page, 'editor after a run, output tab');
  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.getByTestId('runs-list').getByRole('button').first().click();
  await expect(page.getByRole('button', { name: /Back to editing/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('past-run.png') });
  await expectAccessible(page, 'a past run');
});

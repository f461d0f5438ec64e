/** People for e2e tests: the owner invites someone from the Users page, who joins in a browser of their own. */
import { expect, type Browser, type Page } from '@playwright/test';

/** Makes an invitation link on the Users page (the owner's `page`); returns its path. */
export async function invite(page: Page, email: string, role: 'editor' | 'viewer'): Promise<string> {
  await page.goto('/users');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Make an invitation link' }).click();
  const link = await page.getByLabel('Invitation link (shown once)').inputValue();
  return new URL(link).pathname;
}

/** Accepts the invitation in a fresh browser; the new person is signed in on the returned page. */
export async function join(browser: Browser, path: string, name: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByText(name).first()).toBeVisible();
  return page;
}

import type { Browser, BrowserContext, Page } from 'playwright-core';

/** A fresh browser context at laptop size, logged in through the real login form, on `path`. */
export async function loggedInPage(browser: Browser, baseUrl: string, email: string, path: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === path.split('?')[0]);
  return { context, page, errors };
}

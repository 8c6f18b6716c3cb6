import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestStack } from './test-stack';

/** Screenshots of the main screens, committed and shown in the README. */
export const DOCS_SCREENSHOT_DIR = resolve(__dirname, '../../docs/screenshots');

export const VIEWPORT = { width: 1280, height: 720 };

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page: a test ends by expecting none. */
  errors: string[];
  /** Browser dialogs (alert/confirm) that opened: an injected script would open one. */
  dialogs: string[];
}

/** A fresh browser context (its own localStorage = its own session) logged in as `email` on `path`. */
export async function openApp(browser: Browser, stack: TestStack, email: string, path = '/'): Promise<AppPage> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  // Fail a step in seconds, not at Jest's timeout, so the report names the step.
  context.setDefaultTimeout(8000);
  const page = await context.newPage();
  const { errors, dialogs } = watch(page);
  await page.goto(`${stack.url}${path}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('[data-connection="live"]').waitFor();
  return { context, page, errors, dialogs };
}

/** Another tab of the same context (same session). */
export async function openTab(app: AppPage, stack: TestStack, path = '/'): Promise<Page> {
  const page = await app.context.newPage();
  page.on('pageerror', (error) => app.errors.push(error.message));
  page.on('dialog', (dialog) => {
    app.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${stack.url}${path}`);
  await page.locator('[data-connection="live"]').waitFor();
  return page;
}

function watch(page: Page): { errors: string[]; dialogs: string[] } {
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { errors, dialogs };
}

/**
 * Screenshots of the main screens: into test-results/ on every run, and into docs/screenshots/
 * (committed, shown in the README) only when UPDATE_SCREENSHOTS=1, so a test run leaves the
 * checkout clean.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? DOCS_SCREENSHOT_DIR : resolve(__dirname, '../../test-results');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name) });
}

/** A patient texts a line through the simulator, exactly as Twilio would deliver it. */
export async function patientTexts(stack: TestStack, from: string, to: string, body: string): Promise<void> {
  const response = await fetch(`${stack.simulator!.url}/sim/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, to, body }),
  });
  if (response.status !== 200) throw new Error(`/sim/inbound answered ${response.status}`);
}

/** Quiet hours off (start = end), so the test does not depend on the time of day it runs at. */
export async function disableQuietHours(stack: TestStack): Promise<void> {
  const { accessToken } = await stack.login('admin@demo.test');
  const response = await stack.request('PATCH', '/api/admin/organization', { token: accessToken, body: { quietHoursStart: '00:00', quietHoursEnd: '00:00' } });
  if (response.status !== 200) throw new Error(`could not turn quiet hours off: ${response.status}`);
}

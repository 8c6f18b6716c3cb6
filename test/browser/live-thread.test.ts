import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWithBrowser, SCREENSHOT_DIR, withAppInBrowser } from '../support/browser';
import type { TestStack } from '../support/test-stack';

const CARDIOLOGY_LINE = '+16175550100';
const MARIA = '+16175550111';

describeWithBrowser('a nurse texts a patient and sees the reply live (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let mariaId: string;

  withAppInBrowser(async (startedStack, startedBrowser) => {
    stack = startedStack;
    browser = startedBrowser;
    const { accessToken } = await stack.login('nurse@demo.test');
    mariaId = (await stack.request('GET', '/api/patients?search=Maria', { token: accessToken })).body.items[0].id;
  });

  const patientText = (from: string, body: string) =>
    fetch(`${stack.simulator!.url}/sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, to: CARDIOLOGY_LINE, body }) });

  async function logIn(page: Page): Promise<void> {
    await page.goto(`${stack.url}/patients/${mariaId}`);
    // Logged out: the app sends us to the login form first, then back to the patient.
    await page.getByLabel('Email').fill('nurse@demo.test');
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`**/patients/${mariaId}`);
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
  }

  it('sends, shows delivery, and receives a reply without reload, in two tabs', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await logIn(page);

    await page.getByRole('textbox', { name: 'Message' }).fill('Hi Maria, how is your blood pressure today?');
    await page.getByRole('button', { name: 'Send' }).click();
    const outbound = page.locator('[data-message-id]', { hasText: 'how is your blood pressure today?' });
    await outbound.and(page.locator('[data-status="delivered"]')).waitFor({ timeout: 15_000 });
    expect(await outbound.count()).toBe(1);

    // A second tab of the same nurse (the session is shared) watches the same thread.
    const second = await context.newPage();
    await second.goto(`${stack.url}/patients/${mariaId}`);
    await second.getByRole('textbox', { name: 'Message' }).waitFor();
    await second.locator('[data-message-id]', { hasText: 'how is your blood pressure today?' }).waitFor();

    const reply = 'Much better, 128 over 82 this morning';
    expect((await patientText(MARIA, reply)).status).toBe(200);
    for (const tab of [page, second]) {
      await tab.locator('[data-message-id][data-status="received"]', { hasText: reply }).waitFor({ timeout: 10_000 });
    }
    // Sent from the second tab: arrives live in the first one, with its status.
    await second.getByRole('textbox', { name: 'Message' }).fill('Great, keep it up!');
    await second.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-message-id][data-status="delivered"]', { hasText: 'Great, keep it up!' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-message-id]', { hasText: 'Great, keep it up!' }).count()).toBe(1);

    await page.screenshot({ path: join(SCREENSHOT_DIR, 'live-thread.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);

  it('locks the composer when the patient texts STOP', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page);
    expect((await patientText(MARIA, 'STOP')).status).toBe(200);
    await page.getByText(/opted out/i).first().waitFor({ timeout: 10_000 });
    // The banner says how and since when: here, the patient's own STOP.
    await page.locator('[data-consent="opted-out"]', { hasText: /replied STOP on/ }).waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => (document.querySelector('textarea') as HTMLTextAreaElement | null)?.disabled === true, undefined, { timeout: 10_000 });
    expect(await page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'opted-out.png'), fullPage: true });
    expect((await patientText(MARIA, 'START')).status).toBe(200);
    await page.waitForFunction(() => !(document.querySelector('textarea') as HTMLTextAreaElement | null)?.disabled, undefined, { timeout: 10_000 });
    await context.close();
  }, 60_000);
});

import type { Browser, Page } from 'playwright-core';
import { DEFAULT_CLIENT_DIST } from '../../server/src/stack';
import { describeWithBrowser, launchChromium } from '../support/browser';
import { disableQuietHours, openApp, openTab, patientTexts, saveScreenshot, type AppPage } from '../support/browser-app';
import { DEMO } from '../support/realtime';
import { startTestStack, type TestStack } from '../support/test-stack';

/** The bell, per-user unread state across tabs, and opt-outs reaching an open composer. */
describeWithBrowser('bell, unread across tabs, opt-out (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let nurse: AppPage;
  let supervisor: AppPage;
  let second: Page;

  beforeAll(async () => {
    stack = await startTestStack({ clientDist: DEFAULT_CLIENT_DIST });
    await disableQuietHours(stack);
    browser = await launchChromium();
    [nurse, supervisor] = await Promise.all([openApp(browser, stack, 'nurse@demo.test'), openApp(browser, stack, 'supervisor@demo.test')]);
    second = await openTab(nurse, stack, '/');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const badge = (page: Page) => page.locator('[data-unread-total]');
  const row = (page: Page, name: string) => page.locator('[data-conversation-id]', { hasText: name });

  it('counts a new text in the bell and the tab title of every tab, and clears both tabs when one opens it', async () => {
    await patientTexts(stack, DEMO.robert, DEMO.cardiologyLine, 'My blood pressure is 150 over 95 this morning');
    for (const tab of [nurse.page, second]) {
      await badge(tab).waitFor({ timeout: 5000 });
      expect(await badge(tab).textContent()).toBe('1');
      await tab.waitForFunction(() => document.title.startsWith('(1) '));
      await row(tab, 'Robert Kowalski').locator('[data-unread-dot]').waitFor();
    }
    expect(await nurse.page.getByRole('button', { name: 'Notifications, 1 unread' }).count()).toBe(1);

    // Open the bell in the first tab and follow the notification to the conversation.
    await nurse.page.getByRole('button', { name: /^Notifications/u }).click();
    const panel = nurse.page.getByRole('dialog', { name: 'Notifications' });
    const item = panel.locator('[data-notification-id]', { hasText: 'New text from Robert Kowalski' });
    await item.waitFor();
    expect(await item.getAttribute('data-read')).toBe('false');
    await saveScreenshot(nurse.page, 'bell.png');
    await item.getByRole('button', { name: /^New text/u }).click();
    await nurse.page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/u);
    await nurse.page.locator('[data-message-id]', { hasText: '150 over 95' }).waitFor();

    // The other tab follows: bell badge, title count and the unread dot all clear.
    await badge(second).waitFor({ state: 'detached', timeout: 5000 });
    await second.waitForFunction(() => !/^\(\d+\)/u.test(document.title));
    await row(second, 'Robert Kowalski').locator('[data-unread-dot]').waitFor({ state: 'detached', timeout: 5000 });
    // Per user: the supervisor (who was not notified, but sees the inbox) still has it unread.
    await row(supervisor.page, 'Robert Kowalski').locator('[data-unread-dot]').waitFor();
    expect(await row(supervisor.page, 'Robert Kowalski').getAttribute('data-unread')).toBe('1');
  }, 40_000);

  it('marks notifications read one by one and all at once, in every tab', async () => {
    await patientTexts(stack, DEMO.james, DEMO.cardiologyLine, 'Can I take ibuprofen?');
    await patientTexts(stack, DEMO.linh, DEMO.cardiologyLine, 'Thanks for the call');
    await second.waitForFunction(() => document.querySelector('[data-unread-total]')?.textContent === '2');
    await second.getByRole('button', { name: /^Notifications/u }).click();
    const panel = second.getByRole('dialog', { name: 'Notifications' });
    await panel.getByRole('button', { name: 'Mark read: New text from James Okafor' }).click();
    await nurse.page.waitForFunction(() => document.querySelector('[data-unread-total]')?.textContent === '1');
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await badge(nurse.page).waitFor({ state: 'detached', timeout: 5000 });
    await badge(second).waitFor({ state: 'detached' });
    await second.keyboard.press('Escape');
  }, 30_000);

  it('disables the open composer within a second when the patient texts STOP', async () => {
    const page = supervisor.page;
    await row(page, 'Robert Kowalski').getByRole('link').click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Please recheck in an hour');
    const started = Date.now();
    await patientTexts(stack, DEMO.robert, DEMO.cardiologyLine, 'STOP');
    await page.waitForFunction(() => (document.querySelector('#composer-message') as HTMLTextAreaElement | null)?.disabled === true, undefined, { timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    await page.locator('[data-consent="opted-out"]').waitFor();
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    // The team hears about it in the bell.
    await nurse.page.locator('[data-unread-total]').waitFor({ timeout: 5000 });
    await patientTexts(stack, DEMO.robert, DEMO.cardiologyLine, 'START');
    await page.waitForFunction(() => (document.querySelector('#composer-message') as HTMLTextAreaElement | null)?.disabled === false);
    expect(nurse.errors).toEqual([]);
    expect(supervisor.errors).toEqual([]);
  }, 30_000);
});

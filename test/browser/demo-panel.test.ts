import type { Browser } from 'playwright-core';
import { describeWithBrowser, withAppInBrowser } from '../support/browser';
import { saveScreenshot } from '../support/browser-app';
import { loggedInPage } from '../support/browser-login';
import type { TestStack } from '../support/test-stack';


describeWithBrowser('demo mode: simulated phones (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;

  withAppInBrowser((startedStack, startedBrowser) => {
    stack = startedStack;
    browser = startedBrowser;
  });

  it('texts the product as a patient and shows the automatic reply and the nurse’s answer', async () => {
    const demo = await loggedInPage(browser, stack.url, 'nurse@demo.test', '/demo');
    const { page } = demo;
    await page.getByRole('heading', { name: 'Simulated phones' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Demo' }).waitFor();
    await page.getByLabel('Text as').selectOption({ label: 'Maria Alvarez · (617) 555-0111' });
    await page.getByLabel('To line').selectOption({ label: 'Cardiology line · (617) 555-0100' });
    const screen = page.getByRole('list', { name: 'Messages on the simulated phone' });

    // HELP: the organisation's help reply comes back through the product (and Twilio's own keyword answer).
    await page.getByLabel('Patient’s text').fill('HELP');
    await page.getByRole('button', { name: 'Send as patient' }).click();
    await screen.locator('[data-demo-direction="inbound"]', { hasText: 'HELP' }).waitFor();
    await screen.locator('[data-demo-direction="outbound"][data-carrier-reply="false"]', { hasText: 'Reply STOP to opt out' }).waitFor({ timeout: 10_000 });

    // A question; the nurse answers from the app in her own context, and the phone gets it.
    await page.getByLabel('Patient’s text').fill('Can I take my pills with <script>alert(1)</script> coffee?');
    await page.getByLabel('Patient’s text').press('Control+Enter');
    await screen.locator('[data-demo-direction="inbound"]', { hasText: 'with <script>alert(1)</script> coffee?' }).waitFor();
    const nurseToken = (await stack.login('nurse@demo.test')).accessToken;
    const mariaId = (await stack.request('GET', '/api/patients?search=Maria', { token: nurseToken })).body.items[0].id;
    const nurse = await loggedInPage(browser, stack.url, 'nurse@demo.test', `/patients/${mariaId}`);
    await nurse.page.locator('[data-message-id]', { hasText: 'coffee?' }).waitFor();
    await nurse.page.getByRole('textbox', { name: 'Message' }).fill('Yes, coffee is fine with your pills.');
    await nurse.page.getByRole('button', { name: 'Send' }).click();
    await screen.locator('[data-demo-direction="outbound"]', { hasText: 'Yes, coffee is fine with your pills.' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('script', { hasText: 'alert(1)' }).count()).toBe(0);

    await saveScreenshot(page, 'demo-panel.png');
    expect(demo.errors).toEqual([]);
    expect(nurse.errors).toEqual([]);
    await nurse.context.close();
    await demo.context.close();
  }, 45_000);

  it('texts from a new number, which lands in Unrecognized messages', async () => {
    const { page, context } = await loggedInPage(browser, stack.url, 'nurse@demo.test', '/demo');
    await page.getByLabel('Text as').selectOption('other');
    await page.getByLabel('Phone number').fill('617 555 0190');
    await page.getByLabel('Patient’s text').fill('Hello? New patient here');
    await page.getByRole('button', { name: 'Send as patient' }).click();
    await page.getByRole('list', { name: 'Messages on the simulated phone' }).getByText('Hello? New patient here').waitFor();
    await page.getByRole('link', { name: 'Unrecognized' }).click();
    await page.locator('[data-unrecognized="+16175550190"]').getByText('Hello? New patient here').waitFor();
    await context.close();
  }, 30_000);
});

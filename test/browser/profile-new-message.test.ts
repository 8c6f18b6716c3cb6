import type { Browser } from 'playwright-core';
import { describeWithBrowser, withAppInBrowser } from '../support/browser';
import { loggedInPage } from '../support/browser-login';
import type { TestStack } from '../support/test-stack';

describeWithBrowser('+ New Message → SMS from a patient profile (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let linhId: string;

  withAppInBrowser(async (startedStack, startedBrowser) => {
    stack = startedStack;
    browser = startedBrowser;
    const { accessToken } = await stack.login('nurse@demo.test');
    linhId = (await stack.request('GET', '/api/patients?search=Linh', { token: accessToken })).body.items[0].id;
  });

  it('opens with the patient picked, sends, and lands on the conversation with the text delivered', async () => {
    const { context, page, errors } = await loggedInPage(browser, stack.url, 'nurse@demo.test', `/patients/${linhId}/profile`);
    await page.getByRole('button', { name: '+ New Message' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Linh Tran').first().waitFor();
    await dialog.getByText('SMS text message').click();
    await dialog.getByLabel('Text to send').fill('Hi Linh, checking in after your visit.');
    await dialog.getByRole('button', { name: 'Send text' }).click();
    await page.locator('[data-message-id][data-status="delivered"]', { hasText: 'checking in after your visit' }).waitFor({ timeout: 15_000 });
    expect(page.url()).not.toContain('/profile');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});

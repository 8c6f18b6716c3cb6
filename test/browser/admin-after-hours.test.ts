import type { Browser } from 'playwright-core';
import { describeWithBrowser, withAppInBrowser } from '../support/browser';
import { loggedInPage } from '../support/browser-login';
import type { TestStack } from '../support/test-stack';

describeWithBrowser('admin sets business hours and the after-hours reply (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;

  withAppInBrowser((startedStack, startedBrowser) => {
    stack = startedStack;
    browser = startedBrowser;
  });

  it('saves them, and a patient texting after hours gets the reply', async () => {
    const { context, page, errors } = await loggedInPage(browser, stack.url, 'admin@demo.test', '/admin/organization');
    await page.getByLabel('After-hours auto-reply').fill('We are closed now and will answer tomorrow.');
    await page.getByLabel('Opens').fill('09:00');
    await page.getByLabel('Closes').fill('17:00');
    // Closed every day: whatever the clock says, it is after hours.
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await page.getByRole('checkbox', { name: day }).uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Organisation settings saved.').waitFor();

    const { accessToken } = await stack.login('admin@demo.test');
    const saved = await stack.request('GET', '/api/admin/organization', { token: accessToken });
    expect(saved.body).toMatchObject({ afterHoursReply: 'We are closed now and will answer tomorrow.', businessHoursStart: '09:00', businessHoursEnd: '17:00', businessDays: [] });

    await fetch(`${stack.simulator!.url}/sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '+16175550114', to: '+16175550100', body: 'Is anyone there?' }) });
    const robert = (await stack.request('GET', '/api/patients?search=Robert', { token: accessToken })).body.items[0].id as string;
    await page.goto(`${stack.url}/patients/${robert}`);
    await page.locator('[data-message-id]', { hasText: 'We are closed now and will answer tomorrow.' }).waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});

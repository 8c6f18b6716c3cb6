import type { Browser } from 'playwright-core';
import { describeWithBrowser, launchChromium } from '../support/browser';
import { startTestStack, type TestStack } from '../support/test-stack';

describeWithBrowser('Swagger UI at /api/docs under the app\'s Content-Security-Policy (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('renders the operations list with no CSP violation or script error', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    // A violation is reported to the page as an event even when the console says nothing.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`));
    });

    const response = await page.goto(`${stack.url}/api/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(40);
    await expect(page.locator('.opblock-summary-path', { hasText: '/api/patients/{patientId}/messages' }).first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: /Authorize/ }).first().isVisible()).resolves.toBe(true);
    // Opening an operation renders its request body schema (swagger-ui's lazy parts must load too).
    await page.locator('.opblock-summary-path', { hasText: '/api/auth/login' }).first().click();
    await page.locator('.opblock-body').first().waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});

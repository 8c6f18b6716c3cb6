import type { Browser } from 'playwright-core';
import { DEFAULT_CLIENT_DIST } from '../../server/src/stack';
import { describeWithBrowser, launchChromium } from '../support/browser';
import { disableQuietHours, openApp, patientTexts, saveScreenshot, type AppPage } from '../support/browser-app';
import { DEMO } from '../support/realtime';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The Communication Center with two people at once (a nurse and a supervisor, separate browser
 * contexts) and simulated patients texting through the Twilio simulator.
 */
describeWithBrowser('Communication Center: live inbox, presence, assignment (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let nurse: AppPage;
  let supervisor: AppPage;

  beforeAll(async () => {
    stack = await startTestStack({ clientDist: DEFAULT_CLIENT_DIST });
    await disableQuietHours(stack);
    browser = await launchChromium();
    [nurse, supervisor] = await Promise.all([openApp(browser, stack, 'nurse@demo.test'), openApp(browser, stack, 'supervisor@demo.test')]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const row = (app: AppPage, name: string) => app.page.locator('[data-conversation-id]', { hasText: name });

  it('shows a new conversation live to both, with unread dot and waiting time; opening it reads it', async () => {
    for (const app of [nurse, supervisor]) await app.page.getByRole('heading', { name: 'Communication Center' }).waitFor();
    await patientTexts(stack, DEMO.linh, DEMO.cardiologyLine, 'Hello, my ankles are swollen since yesterday');

    for (const app of [nurse, supervisor]) {
      const linh = row(app, 'Linh Tran');
      await linh.waitFor({ timeout: 5000 });
      await linh.locator('[data-unread-dot]').waitFor();
      expect(await linh.getAttribute('data-unread')).toBe('1');
      expect(await linh.locator('[data-waiting]').textContent()).toMatch(/^waiting (<1|\d+) min$/u);
      expect(await linh.textContent()).toContain('my ankles are swollen');
    }

    // The nurse opens it: the thread shows on the right, and her unread dot goes (the supervisor's stays: per user).
    await row(nurse, 'Linh Tran').getByRole('link').click();
    await nurse.page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/u);
    await nurse.page.locator('[data-message-id][data-status="received"]', { hasText: 'ankles are swollen' }).waitFor();
    await row(nurse, 'Linh Tran').locator('[data-unread-dot]').waitFor({ state: 'detached' });
    expect(await row(supervisor, 'Linh Tran').getAttribute('data-unread')).toBe('1');

    // A second text slides in at the top of the supervisor's list and counts again.
    await patientTexts(stack, DEMO.james, DEMO.cardiologyLine, 'Is my appointment still on Friday?');
    await row(supervisor, 'James Okafor').waitFor();
    await supervisor.page.waitForFunction(() => document.querySelector('[data-conversation-id]')?.textContent?.includes('James Okafor'));
    // The nurse has Linh open: James's text arrives in her list, Linh's stays read.
    await row(nurse, 'James Okafor').locator('[data-unread-dot]').waitFor();
    expect(await row(nurse, 'Linh Tran').getAttribute('data-unread')).toBe('0');
    await saveScreenshot(nurse.page, 'communication-center.png');
  }, 60_000);

  it('shows who is viewing and typing, warns the other composer, and assigns live', async () => {
    await row(supervisor, 'Linh Tran').getByRole('link').click();
    await supervisor.page.getByRole('textbox', { name: 'Message' }).waitFor();
    await supervisor.page.locator('[data-viewing]', { hasText: 'Nina Nurse is viewing' }).waitFor({ timeout: 5000 });
    await nurse.page.locator('[data-viewing]', { hasText: 'Sam Supervisor is viewing' }).waitFor({ timeout: 5000 });

    await nurse.page.getByRole('textbox', { name: 'Message' }).pressSequentially('Please keep your feet up and', { delay: 15 });
    await supervisor.page.locator('[data-typing]', { hasText: 'Nina Nurse is typing…' }).waitFor({ timeout: 5000 });
    await supervisor.page.locator('[data-replying]', { hasText: 'Nina Nurse is replying' }).waitFor();
    await saveScreenshot(supervisor.page, 'thread-presence.png');

    // Assign to me (nurse) → the supervisor sees it at once; then the supervisor hands it back.
    await nurse.page.getByRole('button', { name: 'Assign to me' }).click();
    await supervisor.page.locator('[data-conversation-bar]', { hasText: 'Assigned to Nina Nurse' }).waitFor({ timeout: 5000 });
    await row(supervisor, 'Linh Tran').locator('[aria-hidden="true"]', { hasText: 'NN' }).waitFor();
    await nurse.page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Mine' }).click();
    await row(nurse, 'James Okafor').waitFor({ state: 'detached' });
    await row(nurse, 'Linh Tran').waitFor();
    expect(await nurse.page.locator('[data-conversation-id]').count()).toBe(1);

    await supervisor.page.getByRole('button', { name: 'Unassign', exact: true }).click();
    await row(nurse, 'Linh Tran').waitFor({ state: 'detached', timeout: 5000 });
    await nurse.page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'All open' }).click();
    await row(nurse, 'James Okafor').waitFor();

    // A supervisor picks anyone; the server refuses someone outside the patient's team, and says why.
    await supervisor.page.getByLabel('Assign to').selectOption({ label: 'Cody Coach' });
    await supervisor.page.locator('[data-toast="error"]', { hasText: 'Could not assign' }).waitFor();
    await supervisor.page.getByLabel('Assign to').selectOption({ label: 'Nina Nurse' });
    await nurse.page.locator('[data-conversation-bar]', { hasText: 'Assigned to you' }).waitFor({ timeout: 5000 });
    await supervisor.page.getByRole('button', { name: 'Unassign', exact: true }).click();
    await nurse.page.locator('[data-conversation-bar]', { hasText: 'Unassigned' }).waitFor({ timeout: 5000 });

    // Close moves it out of "All open" for everyone; Reopen brings it back.
    await supervisor.page.getByRole('button', { name: 'Close', exact: true }).click();
    await row(nurse, 'Linh Tran').waitFor({ state: 'detached', timeout: 5000 });
    await supervisor.page.getByRole('button', { name: 'Reopen' }).click();
    await row(nurse, 'Linh Tran').waitFor({ timeout: 5000 });
  }, 60_000);

  it('renders message bodies as text: markup never runs, only http(s) links are clickable', async () => {
    const attack = '<img src=x onerror="window.__xss=1;alert(1)"> <script>window.__xss=2</script> see https://clinic.example/forms?a=1 javascript:alert(3)';
    await patientTexts(stack, DEMO.linh, DEMO.cardiologyLine, attack);
    const bubble = supervisor.page.locator('[data-message-id]', { hasText: 'onerror' });
    await bubble.waitFor({ timeout: 5000 });
    expect(await bubble.locator('img, script').count()).toBe(0);
    expect(await bubble.locator('.body').textContent()).toBe(attack);
    const links = bubble.locator('a');
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute('href')).toBe('https://clinic.example/forms?a=1');
    expect(await links.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await links.getAttribute('target')).toBe('_blank');
    // The inbox preview is text too.
    await row(nurse, 'Linh Tran').filter({ hasText: 'onerror' }).waitFor();
    for (const app of [nurse, supervisor]) {
      expect(await app.page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(app.dialogs).toEqual([]);
    }
  }, 30_000);

  it('flags a free-text opt-out for the team to confirm', async () => {
    await patientTexts(stack, DEMO.linh, DEMO.cardiologyLine, 'please stop texting me');
    const flagged = supervisor.page.locator('[data-message-id]', { hasText: 'please stop texting me' });
    await flagged.locator('[data-flag="possible-opt-out"]', { hasText: 'This may be an opt-out request' }).waitFor({ timeout: 5000 });
    // Consent is unchanged until someone confirms: the composer still works.
    expect(await supervisor.page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(false);
  }, 30_000);

  it('starts a new conversation from + New Message: find the patient, pick SMS and the number, send', async () => {
    const page = nurse.page;
    await page.getByRole('button', { name: '+ New Message' }).click();
    const dialog = page.getByRole('dialog', { name: 'New message' });
    await dialog.getByLabel('Find a patient').fill('Robert');
    await dialog.getByRole('button', { name: /Robert Kowalski/u }).click();
    expect(await dialog.getByRole('radio', { name: 'SMS text message' }).isChecked()).toBe(true);
    expect(await dialog.getByLabel('Number').inputValue()).not.toBe('');
    await dialog.getByLabel('Text to send').fill('Hi Robert, your new prescription is ready for pick-up.');
    await dialog.getByRole('button', { name: 'Send text' }).click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/u);
    await page.getByRole('heading', { name: 'Robert Kowalski' }).waitFor();
    await page.locator('[data-message-id][data-status="delivered"]', { hasText: 'prescription is ready' }).waitFor({ timeout: 10_000 });
    await row(supervisor, 'Robert Kowalski').waitFor({ timeout: 5000 });
    expect(nurse.errors).toEqual([]);
    expect(supervisor.errors).toEqual([]);
  }, 30_000);
});

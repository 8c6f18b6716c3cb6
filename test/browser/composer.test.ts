import type { Browser, Page } from 'playwright-core';
import { DEFAULT_CLIENT_DIST } from '../../server/src/stack';
import { describeWithBrowser, launchChromium } from '../support/browser';
import { disableQuietHours, openApp, patientTexts, type AppPage } from '../support/browser-app';
import { DEMO } from '../support/realtime';
import { simulatorControl } from '../support/simulator-control';
import { startTestStack, type TestStack } from '../support/test-stack';
import { clockIn } from '../support/clock';


/** The composer and the thread's delivery feedback, in real Chromium against the simulator. */
describeWithBrowser('composer: templates, counter, warnings, failures, scheduling (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let nurse: AppPage;
  let page: Page;
  let adminToken: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startTestStack({ clientDist: DEFAULT_CLIENT_DIST });
    await disableQuietHours(stack);
    adminToken = (await stack.login('admin@demo.test')).accessToken;
    const patients = (await stack.request('GET', '/api/patients', { token: adminToken })).body.items as { id: string; name: string }[];
    for (const patient of patients) ids[patient.name] = patient.id;
    browser = await launchChromium();
    nurse = await openApp(browser, stack, 'nurse@demo.test', `/patients/${ids['Maria Alvarez']}`);
    page = nurse.page;
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const message = () => page.getByRole('textbox', { name: 'Message' });
  const counter = () => page.locator('[data-counter]');

  it('inserts a template with the variables it knows filled in; the server fills the rest', async () => {
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByLabel('Search templates').fill('check');
    const preview = page.locator('[data-template-preview]');
    await preview.waitFor();
    expect(await preview.textContent()).toBe('Hi Maria, this is Nina from {{org.name}}. How are you feeling today? Reply with any questions for your care team.');
    expect(await preview.locator('mark').textContent()).toBe('{{org.name}}');
    await page.getByRole('button', { name: 'Insert' }).click();
    expect(await message().inputValue()).toBe('Hi Maria, this is Nina from {{org.name}}. How are you feeling today? Reply with any questions for your care team.');
    // Enter sends.
    await message().press('Enter');
    const sent = page.locator('[data-message-id][data-status="delivered"]', { hasText: 'Hi Maria, this is Nina from Demo Health Clinic. How are you feeling today?' });
    await sent.waitFor({ timeout: 10_000 });
    expect(await message().inputValue()).toBe('');
  }, 30_000);

  it('counts characters, segments and encoding as the nurse types; Shift+Enter is a new line', async () => {
    await message().fill('a'.repeat(160));
    expect(await counter().textContent()).toBe('160 characters · 1 segment · GSM-7');
    await message().fill('a'.repeat(161));
    expect(await counter().textContent()).toBe('161 characters · 2 segments · GSM-7');
    await message().fill('See you soon 😀');
    expect(await counter().textContent()).toBe('15 characters · 1 segment · UCS-2');
    await page.getByText('Emoji switches to Unicode: 70 characters per segment (😀).').waitFor();
    await message().fill('a'.repeat(69) + '😀');
    expect(await counter().textContent()).toBe('71 characters · 2 segments · UCS-2');
    await message().fill('a'.repeat(1601));
    await page.getByText('Too long: 1,601 characters, the limit is 1,600. Shorten it to send.').waitFor();
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);

    await message().fill('');
    await message().pressSequentially('line one');
    await message().press('Shift+Enter');
    await message().pressSequentially('line two');
    expect(await message().inputValue()).toBe('line one\nline two');
    await message().fill('');
  }, 30_000);

  it('warns when the patient texts while the nurse is writing, and asks for a second press', async () => {
    await message().fill('Your next appointment is');
    await patientTexts(stack, DEMO.maria, DEMO.cardiologyLine, 'Actually I need to cancel tomorrow');
    const warning = page.locator('[data-new-inbound]');
    await warning.getByText('New message from the patient — review before sending.').waitFor({ timeout: 5000 });
    await message().press('Enter');
    await warning.getByText('Press Send again to send anyway.').waitFor();
    expect(await message().inputValue()).toBe('Your next appointment is');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('[data-message-id]', { hasText: 'Your next appointment is' }).waitFor();
    await warning.waitFor({ state: 'detached' });
  }, 30_000);

  it('explains a failed delivery and offers the fix (mark as landline)', async () => {
    const sim = simulatorControl(stack.simulator!.url);
    await sim.setFaults({ deliveryFailures: { [DEMO.james]: 30006 } });
    try {
      await page.goto(`${stack.url}/patients/${ids['James Okafor']}`);
      await message().fill('Please call us back about your results');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const failed = page.locator('[data-message-id][data-status="undelivered"]', { hasText: 'Please call us back' });
      await failed.waitFor({ timeout: 10_000 });
      const problem = failed.locator('[data-problem="mark-landline"]');
      expect(await problem.textContent()).toContain('This number is a landline or its carrier cannot be reached.');
      expect(await problem.textContent()).toContain('Error 30006');
      await problem.getByRole('button', { name: 'Mark (617) 555-0112 as landline' }).click();
      await page.locator('[data-toast="success"]', { hasText: 'Marked as a landline' }).waitFor();
      // James has no other number: texting him is now off.
      await page.waitForFunction(() => (document.querySelector('#composer-message') as HTMLTextAreaElement | null)?.disabled === true);
      await problem.getByRole('button').waitFor({ state: 'detached' });
    } finally {
      await sim.clearFaults();
    }
  }, 30_000);

  it('schedules a text for later and cancels it', async () => {
    await page.goto(`${stack.url}/patients/${ids['Linh Tran']}`);
    await message().waitFor();
    await page.getByLabel('Schedule for later').check();
    expect(await page.getByLabel('Send at').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/u);
    await message().fill('Reminder: fasting blood test tomorrow morning');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    const scheduled = page.locator('[data-message-id][data-status="scheduled"]', { hasText: 'fasting blood test' });
    await scheduled.locator('[data-scheduled="later"]', { hasText: 'Scheduled for' }).waitFor();
    await scheduled.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-message-id][data-status="canceled"]', { hasText: 'fasting blood test' }).waitFor();
  }, 30_000);

  it('holds a text during quiet hours and sends it now with a reason', async () => {
    const quiet = await stack.request('PATCH', '/api/admin/organization', { token: adminToken, body: { timeZone: 'UTC', quietHoursStart: clockIn('America/New_York', -60), quietHoursEnd: clockIn('America/New_York', 60) } }); // the patients' 617 numbers follow New York
    expect(quiet.status).toBe(200);
    try {
      await message().fill('Your lab result needs a call today');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const held = page.locator('[data-message-id][data-status="scheduled"]', { hasText: 'lab result needs a call' });
      await held.locator('[data-scheduled="quiet-hours"]', { hasText: 'Held for quiet hours until' }).waitFor({ timeout: 5000 });
      await held.getByRole('button', { name: 'Send now anyway' }).click();
      await held.getByLabel('Why can this not wait until morning?').fill('Critical lab result');
      await held.getByRole('button', { name: 'Send now', exact: true }).click();
      await page.locator('[data-message-id][data-status="canceled"]', { hasText: 'lab result needs a call' }).waitFor();
      await page.locator('[data-message-id][data-status="delivered"]', { hasText: 'lab result needs a call' }).waitFor({ timeout: 10_000 });
    } finally {
      await disableQuietHours(stack);
    }
    expect(nurse.errors).toEqual([]);
  }, 30_000);
});

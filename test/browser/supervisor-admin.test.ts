import type { Browser } from 'playwright-core';
import { describeWithBrowser, withAppInBrowser } from '../support/browser';
import { saveScreenshot } from '../support/browser-app';
import { loggedInPage } from '../support/browser-login';
import type { TestStack } from '../support/test-stack';

const CARDIOLOGY_LINE = '+16175550100';
const ROBERT = '+16175550114';

describeWithBrowser('supervisor dashboard and admin screens (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;

  withAppInBrowser((startedStack, startedBrowser) => {
    stack = startedStack;
    browser = startedBrowser;
  });

  it('updates a line’s counts live while a nurse works, and reassigns', async () => {
    const supervisor = await loggedInPage(browser, stack.url, 'supervisor@demo.test', '/supervisor');
    const { page } = supervisor;
    const row = page.locator('tr[data-line-name="Cardiology line"]');
    await row.locator('[data-count="open"]', { hasText: '0' }).waitFor();
    await page.getByText('Live · updated').waitFor();

    // The nurse, in her own browser context, has Robert's thread open.
    const nurseToken = (await stack.login('nurse@demo.test')).accessToken;
    const robertId = (await stack.request('GET', '/api/patients?search=Robert', { token: nurseToken })).body.items[0].id;
    const nurse = await loggedInPage(browser, stack.url, 'nurse@demo.test', `/patients/${robertId}`);
    await nurse.page.getByRole('textbox', { name: 'Message' }).waitFor();

    // Robert texts the Cardiology line: the supervisor's counts move without a reload.
    const sent = await fetch(`${stack.simulator!.url}/sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: ROBERT, to: CARDIOLOGY_LINE, body: 'Feeling dizzy since this morning' }) });
    expect(sent.status).toBe(200);
    await row.locator('[data-count="open"]', { hasText: '1' }).waitFor({ timeout: 5_000 });
    await row.locator('[data-count="unassigned"]', { hasText: '1' }).waitFor();
    await row.locator('[data-count="waiting"]', { hasText: '<1 min' }).waitFor();
    await nurse.page.locator('[data-message-id]', { hasText: 'Feeling dizzy since this morning' }).waitFor();

    // The supervisor hands the conversation to the nurse.
    await row.getByRole('button', { name: 'Reassign…' }).click();
    const select = page.getByLabel('Assignee for Robert Kowalski');
    await select.selectOption({ label: 'Nina Nurse' });
    await page.getByText('Robert Kowalski is now assigned to Nina Nurse.').waitFor();
    await row.locator('[data-count="unassigned"]', { hasText: '0' }).waitFor({ timeout: 5_000 });
    const inbox = (await stack.request('GET', '/api/inbox?filter=mine', { token: nurseToken })).body.items;
    expect(inbox.map((conversation: { patientName: string }) => conversation.patientName)).toEqual(['Robert Kowalski']);

    // The nurse answers: the wait is over.
    await nurse.page.getByRole('textbox', { name: 'Message' }).fill('Please sit down and drink water; calling you now.');
    await nurse.page.getByRole('button', { name: 'Send' }).click();
    await row.locator('[data-count="waiting"]', { hasText: 'Nobody waiting' }).waitFor({ timeout: 10_000 });

    await saveScreenshot(page, 'supervisor-dashboard.png');
    // Drill into the line's inbox: the Communication Center filtered by that line.
    const lineId = await row.getAttribute('data-line-id');
    await row.getByRole('link', { name: 'Open inbox' }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('line') === lineId);
    expect(supervisor.errors).toEqual([]);
    expect(nurse.errors).toEqual([]);
    await nurse.context.close();
    await supervisor.context.close();
  }, 45_000);

  it('hides the supervisor and admin links from members', async () => {
    const { page, context } = await loggedInPage(browser, stack.url, 'coach@demo.test', '/unrecognized');
    await page.getByRole('heading', { name: 'Unrecognized messages' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Unrecognized' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Supervisor' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await context.close();
  }, 30_000);

  it('lets an admin add a line, check the webhook, and write a template with a live preview', async () => {
    const { page, context, errors } = await loggedInPage(browser, stack.url, 'admin@demo.test', '/admin/lines');
    await page.getByRole('heading', { name: 'Lines', exact: true }).waitFor();
    await page.getByLabel('Line name').fill('Oncology line');
    await page.getByLabel('Twilio phone number').fill('12');
    await page.getByRole('button', { name: 'Add line' }).click();
    await page.getByText(/Enter the Twilio phone number/).waitFor();
    await page.getByLabel('Twilio phone number').fill('(617) 555-0300');
    await page.getByLabel('Team').selectOption({ label: 'Cardiology' });
    await page.getByLabel('Messages per second').fill('3');
    await page.getByRole('button', { name: 'Add line' }).click();
    await page.locator('tr[data-line="Oncology line"]', { hasText: '(617) 555-0300' }).waitFor();
    const adminToken = (await stack.login('admin@demo.test')).accessToken;
    const lines = (await stack.request('GET', '/api/admin/lines', { token: adminToken })).body.items;
    expect(lines.find((line: { name: string }) => line.name === 'Oncology line')).toMatchObject({ number: '+16175550300', mps: 3 });

    expect(await page.getByLabel('Incoming messages (A message comes in)').inputValue()).toBe(`${stack.config.http.publicBaseUrl}/webhooks/twilio/inbound`);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.locator('[data-webhook-check="ok"]').getByText(/refused \(403\)/).waitFor();
    await page.locator('[data-webhook-check]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'admin-lines.png');

    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('heading', { name: 'Add a template' }).waitFor();
    await page.getByLabel('Template name').fill('Lab results ready');
    const body = page.getByLabel('Template text');
    await body.fill('Hi {{patient.firstName}}, your lab results are ready. ');
    await page.getByRole('button', { name: '{{org.name}}' }).click();
    await body.press('End');
    await body.pressSequentially(' {{firstName}}');
    const preview = page.getByTestId('template-preview');
    await preview.getByText('Hi Maria, your lab results are ready.', { exact: false }).waitFor();
    await page.getByText('Unknown variable {{firstName}}.').waitFor();
    // The server judges too: the unknown variable is refused.
    await page.getByRole('button', { name: 'Add template' }).click();
    await page.getByText(/Unknown template variable/).waitFor();
    await body.fill('Hi {{patient.firstName}}, your lab results from {{org.name}} are ready.');
    expect(await page.getByText('Unknown variable {{firstName}}.').count()).toBe(0);
    await preview.getByText('your lab results from Demo', { exact: false }).waitFor();
    await page.getByRole('heading', { name: 'Add a template' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'admin-templates.png');
    await page.getByRole('button', { name: 'Add template' }).click();
    await page.locator('tr[data-template="Lab results ready"]').waitFor();
    const templates = (await stack.request('GET', '/api/templates', { token: adminToken })).body.items;
    expect(templates.map((template: { name: string }) => template.name)).toContain('Lab results ready');
    expect(errors).toEqual([]);
    await context.close();
  }, 45_000);
});

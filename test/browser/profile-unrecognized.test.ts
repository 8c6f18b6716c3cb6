import type { Browser } from 'playwright-core';
import { DEFAULT_CLIENT_DIST } from '../../server/src/stack';
import { describeWithBrowser, launchChromium } from '../support/browser';
import { saveScreenshot } from '../support/browser-app';
import { loggedInPage } from '../support/browser-login';
import { startTestStack, type TestStack } from '../support/test-stack';

const CARDIOLOGY_LINE = '+16175550100';
const JAMES = '+16175550112';
const STRANGER = '+16175550988';

describeWithBrowser('patient profile and unrecognized messages (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let jamesId: string;

  beforeAll(async () => {
    stack = await startTestStack({ clientDist: DEFAULT_CLIENT_DIST });
    browser = await launchChromium();
    const { accessToken } = await stack.login('nurse@demo.test');
    jamesId = (await stack.request('GET', '/api/patients?search=James', { token: accessToken })).body.items[0].id;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const patientText = (from: string, body: string) =>
    fetch(`${stack.simulator!.url}/sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, to: CARDIOLOGY_LINE, body }) });

  it('shows consent history after a STOP and a staff opt-out, live', async () => {
    // James texts, then STOP, then START: the profile shows both changes and the messages.
    expect((await patientText(JAMES, 'Is my appointment <b>tomorrow</b>?')).status).toBe(200);
    expect((await patientText(JAMES, 'STOP')).status).toBe(200);
    expect((await patientText(JAMES, 'START')).status).toBe(200);

    // From the patients list to the profile, and from the thread header back to it.
    const { context, page, errors } = await loggedInPage(browser, stack.url, 'nurse@demo.test', '/patients');
    await page.getByRole('link', { name: 'Profile of James Okafor' }).click();
    await page.waitForURL(`**/patients/${jamesId}/profile`);
    await page.getByRole('link', { name: 'Open conversation' }).click();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await page.waitForURL(`**/patients/${jamesId}/profile`);
    await page.getByRole('heading', { name: 'James Okafor' }).waitFor();
    await page.getByRole('heading', { name: 'Communication history' }).waitFor();
    const consent = page.getByTestId('consent-history');
    await consent.getByText('Patient texted STOP').waitFor();
    await consent.getByText('Patient texted START').waitFor();
    // Bodies are text, never HTML.
    await page.locator('[data-history-message-id]', { hasText: 'Is my appointment <b>tomorrow</b>?' }).waitFor();
    expect(await page.locator('.history b').count()).toBe(0);

    // The nurse records the opt-out James asked for on the phone: reason required, confirm dialog.
    await page.getByRole('button', { name: /Record an opt-out for/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Record an opt-out the patient requested' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Record opt-out' }).click();
    await dialog.getByText(/Write why/).waitFor();
    await dialog.getByLabel('Reason').fill('Called the clinic and asked us to stop texting');
    await dialog.getByRole('button', { name: 'Record opt-out' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await consent.locator('[data-consent-source="staff"]', { hasText: 'Recorded by Nina Nurse' }).waitFor();
    await consent.getByText('Called the clinic and asked us to stop texting').waitFor();
    await page.locator(`[data-phone="${JAMES}"][data-opted-out="true"]`).waitFor();
    expect(await page.getByRole('button', { name: /Record an opt-out for/ }).count()).toBe(0);

    // The server agrees: sending is refused now.
    const { accessToken } = await stack.login('nurse@demo.test');
    const send = await stack.request('POST', `/api/patients/${jamesId}/messages`, { token: accessToken, body: { body: 'hi', clientMessageId: crypto.randomUUID() } });
    expect(send.status).toBe(409);

    await saveScreenshot(page, 'patient-profile.png');
    expect(errors).toEqual([]);
    await context.close();
  }, 45_000);

  it('matches an unrecognized number to a patient', async () => {
    const { context, page, errors } = await loggedInPage(browser, stack.url, 'nurse@demo.test', '/unrecognized');
    await page.getByRole('heading', { name: 'Unrecognized messages' }).waitFor();
    // Arrives live while the page is open.
    expect((await patientText(STRANGER, 'Hi, this is Linh, I got a new phone')).status).toBe(200);
    const item = page.locator(`[data-unrecognized="${STRANGER}"]`);
    await item.getByText('Hi, this is Linh, I got a new phone').waitFor({ timeout: 10_000 });
    await saveScreenshot(page, 'unrecognized.png');

    await item.getByRole('button', { name: 'Match to patient…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Find patient').fill('Linh');
    await dialog.getByRole('radio', { name: /Linh Tran/ }).check();
    await dialog.getByRole('button', { name: 'Match' }).click();
    await page.getByText(/was added to Linh Tran/).waitFor();
    await item.waitFor({ state: 'detached' });

    // The number is on Linh's profile now, with the message in her history.
    await page.getByRole('link', { name: 'Open the conversation' }).click();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await page.locator('[data-message-id]', { hasText: 'I got a new phone' }).waitFor();
    const linhId = new URL(page.url()).pathname.split('/')[2]!;
    await page.goto(`${stack.url}/patients/${linhId}/profile`);
    await page.locator(`[data-phone="${STRANGER}"]`).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 45_000);
});

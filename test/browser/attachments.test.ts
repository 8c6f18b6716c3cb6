import type { Browser } from 'playwright-core';
import { DEFAULT_CLIENT_DIST } from '../../server/src/stack';
import { describeWithBrowser, launchChromium } from '../support/browser';
import { disableQuietHours, openApp, type AppPage } from '../support/browser-app';
import { solidPng, tinyPdf } from '../support/png';
import { simulatorControl } from '../support/simulator-control';
import { startTestStack, type TestStack } from '../support/test-stack';

/** Attaching files in the composer (MMS), in real Chromium against the simulator. */
describeWithBrowser('composer: attach an image, send it as MMS (real Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let nurse: AppPage;
  let patient: { id: string; phones: { number: string }[] };

  beforeAll(async () => {
    stack = await startTestStack({ clientDist: DEFAULT_CLIENT_DIST });
    await disableQuietHours(stack);
    const token = (await stack.login('nurse@demo.test')).accessToken;
    const patients = (await stack.request('GET', '/api/patients', { token })).body.items as { id: string; name: string; phones: { number: string }[] }[];
    patient = patients.find((p) => p.name === 'Linh Tran')!;
    browser = await launchChromium();
    nurse = await openApp(browser, stack, 'nurse@demo.test', `/patients/${patient.id}`);
    await nurse.page.getByRole('textbox', { name: 'Message' }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('uploads on pick, shows a removable chip, sends with the text; the bubble shows the image and turns delivered', async () => {
    const { page } = nurse;
    const attach = page.locator('#composer-attach');
    expect(await attach.getAttribute('accept')).toBe('image/jpeg,image/png,image/gif,application/pdf');

    // A file the composer refuses before uploading: a toast says why.
    await attach.setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: tinyPdf(600 * 1024) });
    await page.locator('[data-toast="error"]', { hasText: 'huge.pdf: A PDF can be at most 500 KB' }).waitFor();
    await page.locator('[data-toast="error"]').getByRole('button', { name: 'Dismiss' }).click();

    // Pick two files, remove one.
    await attach.setInputFiles([
      { name: 'wound.png', mimeType: 'image/png', buffer: solidPng(40, 30, [220, 40, 40]) },
      { name: 'extra.pdf', mimeType: 'application/pdf', buffer: tinyPdf() },
    ]);
    await page.locator('[data-attachment="ready"]', { hasText: 'wound.png' }).waitFor();
    await page.locator('[data-attachment="ready"]', { hasText: 'extra.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Remove extra.pdf' }).click();
    expect(await page.locator('[data-attachment]').count()).toBe(1);

    await page.getByRole('textbox', { name: 'Message' }).fill('Photo of the dressing, as discussed');
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    const bubble = page.locator('[data-message-id][data-status="delivered"]', { hasText: 'Photo of the dressing, as discussed' });
    await bubble.waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-attachment]').count()).toBe(0);
    const image = bubble.getByRole('img', { name: 'Attachment 1' });
    await image.waitFor();
    await page.waitForFunction((element) => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth === 40, await image.elementHandle());
    expect(await bubble.textContent()).toContain('MMS');

    // Twilio got exactly one signed media URL.
    const sent = await simulatorControl(stack.simulator!.url).sentTo(patient.phones[0]!.number);
    const mms = sent.find((m) => m.body === 'Photo of the dressing, as discussed')!;
    expect(mms.mediaUrls).toEqual([expect.stringMatching(/\/media\/[0-9a-f-]{36}\?expires=\d+&sig=[0-9a-f]{64}$/)]);
    expect(nurse.errors).toEqual([]);
  }, 40_000);
});

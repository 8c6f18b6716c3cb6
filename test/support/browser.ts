import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { DEFAULT_CLIENT_DIST } from '../../server/src/stack';
import { startTestStack, type TestStack } from './test-stack';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve(__dirname, '../../test-results');

/**
 * Browser tests need Debian's Chromium (playwright cannot download browsers here). Locally they
 * are skipped with a clear message when it is missing; in CI (CI=true) a missing browser fails.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') {
    describe(name, body);
  } else {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED browser tests "${name}": no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
    describe.skip(name, body);
  }
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // This machine's network is closed: background services would only produce refused connections.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * The product (serving the built client) and one Chromium for a describe block, closed after it.
 * `ready` receives both once they run (and may do more set-up, e.g. log in through the API).
 */
export function withAppInBrowser(
  ready: (stack: TestStack, browser: Browser) => void | Promise<void>,
  options: Omit<Parameters<typeof startTestStack>[0] & object, 'clientDist'> = {},
): void {
  let stack: TestStack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    stack = await startTestStack({ ...options, clientDist: DEFAULT_CLIENT_DIST });
    browser = await launchChromium();
    await ready(stack, browser);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
}

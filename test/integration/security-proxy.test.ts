import twilio from 'twilio';
import { SIMULATOR_AUTH_TOKEN } from '../../server/src/config/env';
import { startTestStack, type TestStack } from '../support/test-stack';
import { inboundParams } from '../support/twilio-webhook';

const PUBLIC = 'https://sms.example.org';
const PATH = '/webhooks/twilio/inbound';

/**
 * Behind a TLS-terminating proxy: Twilio signs https://sms.example.org/…; the app sees plain http
 * on its own port. The signature is checked against PUBLIC_BASE_URL only, so spoofed
 * X-Forwarded-* headers cannot make a forgery pass.
 */
describe('webhook signatures behind a proxy (PUBLIC_BASE_URL https)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ env: { PUBLIC_BASE_URL: PUBLIC } });
  });
  afterAll(() => stack.close());

  const post = (signedUrl: string, headers: Record<string, string> = {}) => {
    const params = inboundParams({ from: '+16175550111', to: '+16175550100', body: 'via proxy' });
    return fetch(stack.url + PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(SIMULATOR_AUTH_TOKEN, signedUrl, params),
        ...headers,
      },
      body: new URLSearchParams(params).toString(),
    });
  };

  it('accepts what Twilio signs for the public https URL, with or without the explicit :443', async () => {
    expect((await post(`${PUBLIC}${PATH}`)).status).toBe(200);
    expect((await post(`https://sms.example.org:443${PATH}`)).status).toBe(200);
  });

  it('refuses a signature for the address the app really listens on, even with forwarded headers claiming otherwise', async () => {
    expect((await post(`${stack.url}${PATH}`)).status).toBe(403);
    const spoofed = await post(`http://evil.example${PATH}`, { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'evil.example', host: 'evil.example' });
    expect(spoofed.status).toBe(403);
    const downgraded = await post(`http://sms.example.org${PATH}`, { 'x-forwarded-proto': 'http' });
    expect(downgraded.status).toBe(403);
  });
});

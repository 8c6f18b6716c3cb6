import twilio from 'twilio';
import { SIMULATOR_AUTH_TOKEN } from '../../server/src/config/env';
import { startTestStack, type TestStack } from '../support/test-stack';
import { fakeMessageSid, inboundParams, postTwilioWebhook } from '../support/twilio-webhook';
import { recordEvents } from '../support/wait';

const CARDIOLOGY_LINE = '+16175550100';
const MARIA = '+16175550111';

describe('webhook hardening: body cap, replays, signature over the public URL', () => {
  let stack: TestStack;
  let nurse: string;
  let mariaId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    mariaId = (await stack.request('GET', '/api/patients?search=Maria', { token: nurse })).body.items[0].id;
  });
  afterAll(() => stack.close());

  const thread = async (): Promise<any[]> => (await stack.request('GET', `/api/patients/${mariaId}/messages`, { token: nurse })).body.items;

  it('refuses a webhook body over 64 KB with 413 in the API error shape, before anything is stored', async () => {
    const params = inboundParams({ from: MARIA, to: CARDIOLOGY_LINE, body: 'x'.repeat(70 * 1024) });
    const response = await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large (limit 64kb)' });
    expect((await thread()).some((message) => message.twilioSid === params.MessageSid)).toBe(false);

    // Same for a status callback, and for a JSON body posted to a webhook path.
    const status = await fetch(`${stack.url}/webhooks/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'y'.repeat(70 * 1024) }),
    });
    expect(status.status).toBe(413);

    // A real Twilio webhook (1600 characters and ten media URLs) is well under the cap.
    const largest = inboundParams({ from: MARIA, to: CARDIOLOGY_LINE, body: 'z'.repeat(1600) });
    for (let index = 0; index < 10; index += 1) {
      largest[`MediaUrl${index}`] = `https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/${largest.MessageSid}/Media/ME${String(index).repeat(32)}`;
      largest[`MediaContentType${index}`] = 'image/jpeg';
    }
    largest.NumMedia = '10';
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', largest)).status).toBe(200);
  });

  it('keeps the general API limit for other paths', async () => {
    const response = await stack.request('POST', '/api/auth/login', { body: { email: 'nurse@demo.test', password: 'p'.repeat(70 * 1024) } });
    expect(response.status).not.toBe(413);
  });

  it('stores a replayed MessageSid once (receipts are kept, so a replay at any later time is a no-op), even with a different body', async () => {
    const sid = fakeMessageSid();
    const original = inboundParams({ from: MARIA, to: CARDIOLOGY_LINE, body: 'Original text', sid });
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', original)).status).toBe(200);
    const events = recordEvents(await stack.connect(nurse));

    // A replay (Twilio retry, or someone re-sending a captured request): validly signed, same SID.
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', original)).status).toBe(200);
    const altered = { ...original, Body: 'Replayed with other text' };
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', altered)).status).toBe(200);

    const stored = (await thread()).filter((message) => message.twilioSid === sid);
    expect(stored).toHaveLength(1);
    expect(stored[0].body).toBe('Original text');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.events.filter((e) => e.name === 'message:new')).toEqual([]);
  });

  it("checks the signature over PUBLIC_BASE_URL plus the request's path and query", async () => {
    const params = inboundParams({ from: MARIA, to: CARDIOLOGY_LINE, body: 'query test' });
    const path = '/webhooks/twilio/inbound?line=cardiology';
    const post = (signedUrl: string) =>
      fetch(stack.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(SIMULATOR_AUTH_TOKEN, signedUrl, params) },
        body: new URLSearchParams(params).toString(),
      });
    // Signed for the URL without its query, or for another origin (a proxy's internal address): refused.
    expect((await post(`${stack.config.http.publicBaseUrl}/webhooks/twilio/inbound`)).status).toBe(403);
    expect((await post(`https://internal.example:8443${path}`)).status).toBe(403);
    // Signed for the public URL Twilio was given, query included (a `#rc=…` fragment is never sent or signed).
    expect((await post(`${stack.config.http.publicBaseUrl}${path}`)).status).toBe(200);
    expect((await thread()).some((message) => message.twilioSid === params.MessageSid)).toBe(true);
  });
});

import { DEFAULT_KEYWORD_REPLIES } from '@care/shared';
import twilio from 'twilio';
import { createTwilioSimulator, SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN, type TwilioSimulator } from './index';
import { WebhookReceiver, type ReceivedWebhook } from './testing/webhook-receiver';

const LINE = '+16175550100';
const OTHER_LINE = '+16175550200';
const PATIENT = '+16175550111';
const SERVICE_SID = 'MG11111111111111111111111111111111';
const SERVICE_LINE_A = '+16175550300';
const SERVICE_LINE_B = '+16175550301';
const INBOUND_PATH = '/webhooks/twilio/inbound';

function sdkClient(sim: TwilioSimulator): twilio.Twilio {
  const client = twilio(sim.accountSid, sim.authToken);
  client.api.baseUrl = sim.url;
  return client;
}

function expectSignedByTwilio(request: ReceivedWebhook): void {
  const signature = String(request.headers['x-twilio-signature']);
  expect(twilio.validateRequest(SIMULATOR_AUTH_TOKEN, signature, request.url, request.params)).toBe(true);
}

async function postJson(sim: TwilioSimulator, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(sim.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function restErrorCode(promise: Promise<unknown>): Promise<[number, number | undefined]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof twilio.RestException) return [error.status, error.code];
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('inbound messages and opt-out', () => {
  let sim: TwilioSimulator;
  let client: twilio.Twilio;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    sim = createTwilioSimulator({
      port: 0,
      ownedNumbers: [LINE, OTHER_LINE],
      messagingServices: [{ sid: SERVICE_SID, numbers: [SERVICE_LINE_A, SERVICE_LINE_B] }],
      inboundWebhookUrl: receiver.url(INBOUND_PATH),
      timing: { stepMs: 5 },
    });
    await sim.start();
    client = sdkClient(sim);
  });

  afterEach(async () => {
    await sim.idle();
    sim.reset();
    receiver.clear();
    receiver.respondWith(200, '<Response></Response>', 'text/xml');
  });

  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it('POST /sim/inbound posts the signed Twilio webhook and answers { sid, webhookStatus }', async () => {
    const { status, json } = await postJson(sim, '/sim/inbound', { from: PATIENT, to: LINE, body: 'Running late, sorry!' });

    expect(status).toBe(200);
    expect(json).toEqual({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), webhookStatus: 200 });
    const [webhook] = receiver.requestsTo(INBOUND_PATH);
    expect(webhook).toBeDefined();
    if (!webhook) return;
    expectSignedByTwilio(webhook);
    expect(webhook.headers['user-agent']).toBe('TwilioProxy/1.1');
    expect(webhook.params).toEqual({
      MessageSid: json.sid,
      SmsSid: json.sid,
      SmsMessageSid: json.sid,
      AccountSid: SIMULATOR_ACCOUNT_SID,
      From: PATIENT,
      To: LINE,
      Body: 'Running late, sorry!',
      NumMedia: '0',
      NumSegments: '1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
      FromCity: '',
      FromState: '',
      FromZip: '',
      FromCountry: '',
      ToCity: '',
      ToState: '',
      ToZip: '',
      ToCountry: '',
    });
  });

  it('stores inbound messages with direction inbound and lists them through the REST API too', async () => {
    const { sid } = await sim.sendInbound({ from: PATIENT, to: LINE, body: 'hello' });
    expect(sim.messages({ direction: 'inbound' }).map((m) => m.sid)).toEqual([sid]);
    const fetched = await client.messages(sid).fetch();
    expect(fetched.direction).toBe('inbound');
    expect(fetched.status).toBe('received');
    expect((await client.messages.list({ from: PATIENT })).map((m) => m.sid)).toEqual([sid]);
  });

  it('sends media as MediaUrl{N}/MediaContentType{N} with an MM sid', async () => {
    const mediaUrls = ['https://example.com/photo.jpg', 'https://example.com/scan.pdf'];
    const { sid } = await sim.sendInbound({ from: PATIENT, to: LINE, body: '', mediaUrls });
    expect(sid).toMatch(/^MM/);
    const [webhook] = await receiver.waitForRequests(INBOUND_PATH, 1);
    expect(webhook?.params).toMatchObject({
      NumMedia: '2',
      MediaUrl0: mediaUrls[0],
      MediaContentType0: 'image/jpeg',
      MediaUrl1: mediaUrls[1],
      MediaContentType1: 'application/pdf',
    });
    if (webhook) expectSignedByTwilio(webhook);
  });

  it('includes MessagingServiceSid when the line belongs to a Messaging Service', async () => {
    await sim.sendInbound({ from: PATIENT, to: SERVICE_LINE_B, body: 'hi' });
    const [webhook] = receiver.requestsTo(INBOUND_PATH);
    expect(webhook?.params.MessagingServiceSid).toBe(SERVICE_SID);
  });

  it('reports the status the app answered, e.g. 403 for a rejected signature', async () => {
    receiver.respondWith(403, 'forbidden');
    const { status, json } = await postJson(sim, '/sim/inbound', { from: PATIENT, to: LINE, body: 'hi' });
    expect(status).toBe(200);
    expect(json.webhookStatus).toBe(403);
  });

  it('STOP blocks the pair: 21610 on the next send, auto-reply logged, OptOutType=STOP forwarded', async () => {
    await client.messages.create({ to: PATIENT, from: LINE, body: 'before' });
    await sim.sendInbound({ from: PATIENT, to: LINE, body: ' stop ' });

    const [webhook] = receiver.requestsTo(INBOUND_PATH);
    expect(webhook?.params.OptOutType).toBe('STOP');
    expect(webhook?.params.Body).toBe(' stop ');
    if (webhook) expectSignedByTwilio(webhook);

    const replies = sim.messages({ direction: 'outbound-reply' });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ from: LINE, to: PATIENT, body: DEFAULT_KEYWORD_REPLIES.STOP, statusCallback: null });

    expect(await restErrorCode(client.messages.create({ to: PATIENT, from: LINE, body: 'after' }))).toEqual([400, 21610]);
    // Other lines and other patients are not affected.
    await expect(client.messages.create({ to: PATIENT, from: OTHER_LINE, body: 'x' })).resolves.toBeDefined();
    await expect(client.messages.create({ to: '+16175550122', from: LINE, body: 'x' })).resolves.toBeDefined();
  });

  it('START lifts the block and HELP only replies', async () => {
    await sim.sendInbound({ from: PATIENT, to: LINE, body: 'UNSUBSCRIBE' });
    expect(await restErrorCode(client.messages.create({ to: PATIENT, from: LINE, body: 'x' }))).toEqual([400, 21610]);

    await sim.sendInbound({ from: PATIENT, to: LINE, body: 'Start' });
    await expect(client.messages.create({ to: PATIENT, from: LINE, body: 'welcome back' })).resolves.toBeDefined();

    await sim.sendInbound({ from: PATIENT, to: LINE, body: 'help' });
    expect(receiver.requestsTo(INBOUND_PATH).map((r) => r.params.OptOutType)).toEqual(['STOP', 'START', 'HELP']);
    expect(sim.messages({ direction: 'outbound-reply' }).map((m) => m.body)).toEqual([
      DEFAULT_KEYWORD_REPLIES.STOP,
      DEFAULT_KEYWORD_REPLIES.START,
      DEFAULT_KEYWORD_REPLIES.HELP,
    ]);
    await expect(client.messages.create({ to: PATIENT, from: LINE, body: 'still allowed' })).resolves.toBeDefined();
  });

  it('a keyword inside a sentence is an ordinary message (no OptOutType, no block)', async () => {
    await sim.sendInbound({ from: PATIENT, to: LINE, body: 'please stop calling me at work' });
    expect(receiver.requestsTo(INBOUND_PATH)[0]?.params).not.toHaveProperty('OptOutType');
    await expect(client.messages.create({ to: PATIENT, from: LINE, body: 'x' })).resolves.toBeDefined();
  });

  it('STOP to a Messaging Service number blocks the whole service', async () => {
    await sim.sendInbound({ from: PATIENT, to: SERVICE_LINE_A, body: 'STOP' });
    expect(await restErrorCode(client.messages.create({ to: PATIENT, from: SERVICE_LINE_B, body: 'x' }))).toEqual([400, 21610]);
    expect(
      await restErrorCode(client.messages.create({ to: PATIENT, messagingServiceSid: SERVICE_SID, body: 'x' })),
    ).toEqual([400, 21610]);
    await expect(client.messages.create({ to: PATIENT, from: LINE, body: 'x' })).resolves.toBeDefined();
  });

  it.each([
    ['a missing body', { from: PATIENT, to: LINE }],
    ['an invalid from', { from: '617-555-0111', to: LINE, body: 'hi' }],
    ['a to the account does not own', { from: PATIENT, to: '+16175559999', body: 'hi' }],
    ['a non-URL media entry', { from: PATIENT, to: LINE, body: 'hi', mediaUrls: ['not a url'] }],
    ['an unknown field', { from: PATIENT, to: LINE, body: 'hi', extra: true }],
  ])('400 with a clear JSON error for %s', async (_name, body) => {
    const { status, json } = await postJson(sim, '/sim/inbound', body);
    expect(status).toBe(400);
    expect(json.error).toBe('invalid_request');
    expect(typeof json.message).toBe('string');
    expect(receiver.requestsTo(INBOUND_PATH)).toHaveLength(0);
    expect(sim.messages()).toHaveLength(0);
  });

  it('502 when the webhook cannot be reached; the message is still received and opt-outs apply', async () => {
    sim.setInboundWebhookUrl('http://127.0.0.1:1/webhooks/twilio/inbound');
    try {
      const { status, json } = await postJson(sim, '/sim/inbound', { from: PATIENT, to: LINE, body: 'STOP' });
      expect(status).toBe(502);
      expect(json.error).toBe('webhook_unreachable');
      expect(sim.message(String(json.sid))?.direction).toBe('inbound');
      expect(await restErrorCode(client.messages.create({ to: PATIENT, from: LINE, body: 'x' }))).toEqual([400, 21610]);
    } finally {
      sim.setInboundWebhookUrl(receiver.url(INBOUND_PATH));
    }
  });
});

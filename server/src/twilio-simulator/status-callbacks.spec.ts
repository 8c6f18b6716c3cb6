import twilio from 'twilio';
import { createTwilioSimulator, SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN, type TwilioSimulator } from './index';
import { WebhookReceiver, type ReceivedWebhook } from './testing/webhook-receiver';

const LINE = '+16175550100';
const PATIENT = '+16175550111';
const SERVICE_SID = 'MG11111111111111111111111111111111';
const SERVICE_LINE = '+16175550300';

function sdkClient(sim: TwilioSimulator): twilio.Twilio {
  const client = twilio(sim.accountSid, sim.authToken);
  client.api.baseUrl = sim.url;
  return client;
}

/** What the app's status webhook would do first: check the signature exactly as twilio-node does. */
function expectSignedByTwilio(request: ReceivedWebhook): void {
  const signature = String(request.headers['x-twilio-signature']);
  expect(twilio.validateRequest(SIMULATOR_AUTH_TOKEN, signature, request.url, request.params)).toBe(true);
}

const statuses = (requests: ReceivedWebhook[]): string[] => requests.map((r) => r.params.MessageStatus ?? '');

describe('status lifecycle and callbacks', () => {
  let sim: TwilioSimulator;
  let client: twilio.Twilio;
  let receiver: WebhookReceiver;
  const infoLog: string[] = [];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    sim = createTwilioSimulator({
      port: 0,
      ownedNumbers: [LINE],
      messagingServices: [{ sid: SERVICE_SID, numbers: [SERVICE_LINE] }],
      timing: { stepMs: 15 },
      logger: { info: (msg) => infoLog.push(msg), warn: () => {}, error: () => {} },
    });
    await sim.start();
    client = sdkClient(sim);
  });

  afterEach(() => {
    sim.reset();
    receiver.clear();
    receiver.respondWith(200);
  });

  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it('calls back sent then delivered, signed like Twilio, with no callback for the initial status', async () => {
    const statusUrl = receiver.url('/webhooks/twilio/status?line=1');
    const message = await client.messages.create({ to: PATIENT, from: LINE, body: 'hi', statusCallback: statusUrl });
    await sim.idle();

    const callbacks = receiver.requestsTo('/webhooks/twilio/status');
    expect(statuses(callbacks)).toEqual(['sent', 'delivered']);
    for (const callback of callbacks) {
      expectSignedByTwilio(callback);
      expect(callback.url).toBe(statusUrl);
      expect(callback.method).toBe('POST');
      expect(callback.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(callback.headers['user-agent']).toBe('TwilioProxy/1.1');
      expect(callback.headers['i-twilio-idempotency-token']).toMatch(/^[0-9a-f-]{36}$/);
      expect(callback.params).toMatchObject({
        MessageSid: message.sid,
        SmsSid: message.sid,
        AccountSid: SIMULATOR_ACCOUNT_SID,
        From: LINE,
        To: PATIENT,
        ApiVersion: '2010-04-01',
      });
      expect(callback.params.SmsStatus).toBe(callback.params.MessageStatus);
      expect(callback.params).not.toHaveProperty('ErrorCode');
      expect(callback.params).not.toHaveProperty('MessagingServiceSid');
    }
    expect(callbacks[0]?.params).not.toHaveProperty('RawDlrDoneDate');
    expect(callbacks[1]?.params.RawDlrDoneDate).toMatch(/^\d{10}$/);
    expect(sim.message(message.sid)?.status).toBe('delivered');
  });

  it('goes through queued, sending, sent, delivered on the resource in that order', async () => {
    const message = await client.messages.create({ to: PATIENT, from: LINE, body: 'hi' });
    await sim.idle();
    const transitions = infoLog
      .filter((line) => line.includes(message.sid))
      .flatMap((line) => /is (\w+)$/.exec(line)?.slice(1) ?? []);
    expect([message.status, ...transitions]).toEqual(['queued', 'sending', 'sent', 'delivered']);
    // PHI-safe logging: sids and statuses, never bodies or phone numbers.
    expect(infoLog.join('\n')).not.toMatch(/6175550|hi$/m);
  });

  it('with a Messaging Service: accepted (no callback), then queued, sent, delivered with MessagingServiceSid', async () => {
    const statusUrl = receiver.url('/status');
    await client.messages.create({ to: PATIENT, messagingServiceSid: SERVICE_SID, body: 'hi', statusCallback: statusUrl });
    await sim.idle();
    const callbacks = receiver.requestsTo('/status');
    expect(statuses(callbacks)).toEqual(['queued', 'sent', 'delivered']);
    for (const callback of callbacks) {
      expectSignedByTwilio(callback);
      expect(callback.params.MessagingServiceSid).toBe(SERVICE_SID);
      expect(callback.params.From).toBe(SERVICE_LINE);
    }
  });

  it.each([
    [30003, 'undelivered', ['sent', 'undelivered']],
    [30005, 'undelivered', ['sent', 'undelivered']],
    [30007, 'undelivered', ['sent', 'undelivered']],
    [30034, 'failed', ['failed']],
  ])('delivery failure %i ends %s with ErrorCode in the callback', async (code, finalStatus, expected) => {
    sim.setFaults({ deliveryFailures: { [PATIENT]: code } });
    const message = await client.messages.create({ to: PATIENT, from: LINE, body: 'hi', statusCallback: receiver.url('/status') });
    await sim.idle();

    const callbacks = receiver.requestsTo('/status');
    expect(statuses(callbacks)).toEqual(expected);
    const last = callbacks[callbacks.length - 1];
    expect(last?.params.ErrorCode).toBe(String(code));
    if (last) expectSignedByTwilio(last);
    const fetched = await client.messages(message.sid).fetch();
    expect(fetched.status).toBe(finalStatus);
    expect(fetched.errorCode).toBe(code);
    expect(fetched.dateSent === null).toBe(finalStatus === 'failed');
  });

  it('only fails messages to the number the fault names', async () => {
    sim.setFaults({ deliveryFailures: { '+16175550999': 30006 } });
    const message = await client.messages.create({ to: PATIENT, from: LINE, body: 'hi' });
    await sim.idle();
    expect(sim.message(message.sid)?.status).toBe('delivered');
  });

  it('duplicate: every callback arrives twice with the same idempotency token', async () => {
    sim.setFaults({ callbacks: { duplicate: true } });
    await client.messages.create({ to: PATIENT, from: LINE, body: 'hi', statusCallback: receiver.url('/status') });
    await sim.idle();
    const callbacks = receiver.requestsTo('/status');
    expect(statuses(callbacks)).toEqual(['sent', 'sent', 'delivered', 'delivered']);
    expect(callbacks[0]?.headers['i-twilio-idempotency-token']).toBe(callbacks[1]?.headers['i-twilio-idempotency-token']);
    expect(callbacks[1]?.headers['i-twilio-idempotency-token']).not.toBe(callbacks[2]?.headers['i-twilio-idempotency-token']);
    callbacks.forEach(expectSignedByTwilio);
  });

  it('shuffle: delivered arrives before sent', async () => {
    sim.setFaults({ callbacks: { shuffle: true } });
    await client.messages.create({ to: PATIENT, from: LINE, body: 'hi', statusCallback: receiver.url('/status') });
    await sim.idle();
    expect(statuses(receiver.requestsTo('/status'))).toEqual(['delivered', 'sent']);
  });

  it('drop: no callback arrives, but the resource still reaches its final status', async () => {
    sim.setFaults({ callbacks: { drop: true } });
    const message = await client.messages.create({ to: PATIENT, from: LINE, body: 'hi', statusCallback: receiver.url('/status') });
    await sim.idle();
    expect(receiver.requestsTo('/status')).toEqual([]);
    expect((await client.messages(message.sid).fetch()).status).toBe('delivered');
  });

  it('a failing callback endpoint is logged, not fatal', async () => {
    const warnings: string[] = [];
    const logged = createTwilioSimulator({
      port: 0,
      ownedNumbers: [LINE],
      timing: { stepMs: 5 },
      logger: { info: () => {}, warn: (msg) => warnings.push(msg), error: (msg) => warnings.push(msg) },
    });
    await logged.start();
    try {
      receiver.respondWith(500);
      const first = await sdkClient(logged).messages.create({
        to: PATIENT,
        from: LINE,
        body: 'secret body',
        statusCallback: receiver.url('/status'),
      });
      const second = await sdkClient(logged).messages.create({
        to: PATIENT,
        from: LINE,
        body: 'secret body',
        statusCallback: 'http://127.0.0.1:1/unreachable',
      });
      await logged.idle();
      expect(logged.message(first.sid)?.status).toBe('delivered');
      expect(logged.message(second.sid)?.status).toBe('delivered');
      expect(warnings.some((w) => w.includes('HTTP 500'))).toBe(true);
      expect(warnings.some((w) => w.includes('failed'))).toBe(true);
      // PHI-safe: neither bodies nor phone numbers reach the log.
      expect(warnings.join('\n')).not.toMatch(/secret body|6175550111|6175550100/);
    } finally {
      await logged.close();
    }
  });

  it('close() mid-lifecycle cancels the remaining steps and callbacks', async () => {
    const closing = createTwilioSimulator({ port: 0, ownedNumbers: [LINE], timing: { stepMs: 100 } });
    await closing.start();
    await sdkClient(closing).messages.create({ to: PATIENT, from: LINE, body: 'hi', statusCallback: receiver.url('/late') });
    await closing.close();
    // Long enough for sent and delivered to have been called back, had close() not cancelled them.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver.requestsTo('/late')).toHaveLength(0);
    expect(closing.sentMessages()[0]?.status).toBe('queued');
  });
});

import { startTestStack, type TestStack } from '../support/test-stack';
import { fakeMessageSid, inboundParams, postTwilioWebhook } from '../support/twilio-webhook';
import { recordEvents, waitFor } from '../support/wait';

const CARDIOLOGY_LINE = '+16175550100';
const MARIA = '+16175550111';

describe('inbound SMS webhook', () => {
  let stack: TestStack;
  let nurse: string;
  let coach: string;
  let supervisor: string;
  let mariaId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    [nurse, coach, supervisor] = await Promise.all(
      ['nurse@demo.test', 'coach@demo.test', 'supervisor@demo.test'].map(async (email) => (await stack.login(email)).accessToken),
    );
    mariaId = (await stack.request('GET', '/api/patients?search=Maria', { token: nurse })).body.items[0].id;
  });
  afterAll(() => stack.close());

  const thread = async (token = nurse) => (await stack.request('GET', `/api/patients/${mariaId}/messages`, { token })).body.items as any[];

  it("stores a signed inbound text once and pushes it to the patient's team and supervisors, not to another team", async () => {
    const nurseSocket = recordEvents(await stack.connect(nurse));
    const supervisorSocket = recordEvents(await stack.connect(supervisor));
    const coachSocket = recordEvents(await stack.connect(coach));
    const params = inboundParams({ from: MARIA, to: CARDIOLOGY_LINE, body: 'My chest feels better today 🙂' });

    const first = await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params);
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/text\/xml/);
    expect(first.body).toContain('<Response></Response>');
    // Twilio retries: the same MessageSid again changes nothing.
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params)).status).toBe(200);

    const messages = (await thread()).filter((message) => message.twilioSid === params.MessageSid);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ direction: 'inbound', body: 'My chest feels better today 🙂', from: MARIA, to: CARDIOLOGY_LINE, status: 'received', encoding: 'UCS-2', segments: 1, patientId: mariaId });

    const pushed = await waitFor(() => nurseSocket.events.find((e) => e.name === 'message:new' && e.payload.data.twilioSid === params.MessageSid), { what: 'message:new to nurse' });
    expect(pushed.payload).toMatchObject({ type: 'message:new', eventId: expect.any(Number), at: expect.any(String) });
    expect(pushed.payload.data.id).toBe(messages[0].id);
    await waitFor(() => supervisorSocket.events.find((e) => e.name === 'message:new' && e.payload.data.twilioSid === params.MessageSid), { what: 'message:new to supervisor' });
    // Give a wrongly routed event time to arrive before asserting it did not.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(nurseSocket.events.filter((e) => e.name === 'message:new' && e.payload.data.twilioSid === params.MessageSid)).toHaveLength(1);
    expect(coachSocket.events.filter((e) => e.name === 'message:new')).toEqual([]);
  });

  it('refuses a forged or missing signature with 403 and stores nothing', async () => {
    const before = (await thread()).length;
    const forged = inboundParams({ from: MARIA, to: CARDIOLOGY_LINE, body: 'forged' });
    const wrong = await postTwilioWebhook(stack, '/webhooks/twilio/inbound', forged, { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    const wrongToken = await postTwilioWebhook(stack, '/webhooks/twilio/inbound', forged, { authToken: 'ffffffffffffffffffffffffffffffff' });
    const missing = await postTwilioWebhook(stack, '/webhooks/twilio/inbound', forged, { signature: null });
    for (const response of [wrong, wrongToken, missing]) {
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({ statusCode: 403, message: 'Invalid or missing X-Twilio-Signature' });
    }
    // A valid signature over different parameters (tampered body) also fails.
    const tampered = await fetch(`${stack.url}/webhooks/twilio/inbound`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': (await import('twilio')).default.getExpectedTwilioSignature('00000000000000000000000000000000', `${stack.config.http.publicBaseUrl}/webhooks/twilio/inbound`, forged),
      },
      body: new URLSearchParams({ ...forged, Body: 'tampered' }).toString(),
    });
    expect(tampered.status).toBe(403);
    expect(await thread()).toHaveLength(before);
  });

  it('answers 400 naming the field when a signed webhook lacks one', async () => {
    const { From: _omitted, ...params } = inboundParams({ from: MARIA, to: CARDIOLOGY_LINE, body: 'x' });
    const response = await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).message).toBe('From is required');
  });

  it("puts a text from an unknown number into the line's inbox instead of dropping it", async () => {
    const stranger = '+16175550999';
    const params = inboundParams({ from: stranger, to: CARDIOLOGY_LINE, body: 'Who is this?' });
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params)).status).toBe(200);
    const inbox = await stack.request('GET', '/api/inbox', { token: supervisor });
    const conversation = inbox.body.items.find((item: { phoneNumber: string }) => item.phoneNumber === stranger);
    expect(conversation).toMatchObject({ patientId: null, patientName: null, unread: 1, status: 'open' });
    expect(conversation.lastMessage).toMatchObject({ body: 'Who is this?', twilioSid: params.MessageSid });
    const nurseInbox = await stack.request('GET', '/api/inbox', { token: nurse });
    expect(nurseInbox.body.items.some((item: { phoneNumber: string }) => item.phoneNumber === stranger)).toBe(true);
    const coachInbox = await stack.request('GET', '/api/inbox', { token: coach });
    expect(coachInbox.body.items.some((item: { phoneNumber: string }) => item.phoneNumber === stranger)).toBe(false);
  });

  it('keeps a text to a number that is not a line (200 to Twilio, nothing in any inbox)', async () => {
    const params = inboundParams({ from: MARIA, to: '+16175550777', body: 'wrong number' });
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params)).status).toBe(200);
    expect((await thread()).some((message) => message.twilioSid === params.MessageSid)).toBe(false);
  });

  it('lets a client replay missed events with sync, filtered to what it may see', async () => {
    const nurseSocket = await stack.connect(nurse);
    const coachSocket = await stack.connect(coach);
    const sid = fakeMessageSid();
    await postTwilioWebhook(stack, '/webhooks/twilio/inbound', inboundParams({ from: MARIA, to: CARDIOLOGY_LINE, body: 'sync me', sid }));
    const replay = await nurseSocket.timeout(5000).emitWithAck('sync', { afterEventId: 0 });
    expect(replay.ok).toBe(true);
    const ids = (replay as { events: { eventId: number }[] }).events.map((event) => event.eventId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect((replay as { events: { type: string; data: { twilioSid?: string } }[] }).events.some((event) => event.type === 'message:new' && event.data.twilioSid === sid)).toBe(true);
    const coachReplay = await coachSocket.timeout(5000).emitWithAck('sync', { afterEventId: 0 });
    expect(coachReplay).toEqual({ ok: true, events: [] });
    const bad = await nurseSocket.timeout(5000).emitWithAck('sync', { afterEventId: -1 } as never);
    expect(bad).toEqual({ ok: false, error: 'afterEventId must be a non-negative integer' });
  });

  it('authorises thread:watch', async () => {
    const coachSocket = await stack.connect(coach);
    expect(await coachSocket.timeout(5000).emitWithAck('thread:watch', { patientId: mariaId })).toEqual({ ok: false, error: 'Patient not found' });
    const nurseSocket = await stack.connect(nurse);
    expect(await nurseSocket.timeout(5000).emitWithAck('thread:watch', { patientId: mariaId })).toEqual({ ok: true });
  });
});

import { randomUUID } from 'node:crypto';
import { startTestStack, type TestStack } from '../support/test-stack';
import { postTwilioWebhook } from '../support/twilio-webhook';
import { recordEvents, waitFor } from '../support/wait';

const CARDIOLOGY_LINE = '+16175550100';

interface SimMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  direction?: string;
}

describe('sending a text through Twilio (the built-in simulator over HTTP)', () => {
  let stack: TestStack;
  let nurse: string;
  let patients: { id: string; name: string; phones: { id: string; number: string; type: string }[] }[];

  beforeAll(async () => {
    stack = await startTestStack();
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    patients = (await stack.request('GET', '/api/patients', { token: nurse })).body.items;
  });
  afterAll(() => stack.close());

  const patient = (name: string) => patients.find((p) => p.name === name)!;
  const simMessages = async (to: string): Promise<SimMessage[]> => {
    const response = await fetch(`${stack.simulator!.url}/sim/messages?to=${encodeURIComponent(to)}`);
    const body = (await response.json()) as { messages: SimMessage[] };
    return body.messages.filter((message) => message.direction === undefined || message.direction.startsWith('outbound'));
  };
  const send = (patientId: string, body: Record<string, unknown>) => stack.request('POST', `/api/patients/${patientId}/messages`, { token: nurse, body });
  /** The 202 comes before Twilio is called: the SID arrives with the worker (GET shows it). */
  const storedMessage = (patientId: string, messageId: string, until: (m: { twilioSid: string | null; status: string }) => boolean = (m) => m.twilioSid !== null) =>
    waitFor(async () => {
      const items = (await stack.request('GET', `/api/patients/${patientId}/messages`, { token: nurse })).body.items as { id: string; twilioSid: string | null; status: string }[];
      const found = items.find((m) => m.id === messageId);
      return found && until(found) ? found : undefined;
    }, { what: `message ${messageId}` });

  it('stores, sends via the Twilio SDK, and pushes queued → delivered live', async () => {
    const james = patient('James Okafor');
    const socket = await stack.connect(nurse);
    const events = recordEvents(socket);
    const clientMessageId = randomUUID();

    const response = await send(james.id, { body: 'Hi James, your results are in.', clientMessageId });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      patientId: james.id,
      direction: 'outbound',
      from: CARDIOLOGY_LINE,
      to: james.phones[0].number,
      status: 'queued',
      segments: 1,
      encoding: 'GSM-7',
      channel: 'sms',
      clientMessageId,
      sentBy: { name: 'Nina Nurse' },
      twilioSid: null,
    });
    const stored = await storedMessage(james.id, response.body.id);
    expect(stored.twilioSid).toMatch(/^SM[0-9a-f]{32}$/);

    const atTwilio = await simMessages(james.phones[0].number);
    expect(atTwilio.map((message) => message.sid)).toEqual([stored.twilioSid]);
    expect(atTwilio[0]).toMatchObject({ from: CARDIOLOGY_LINE, body: 'Hi James, your results are in.' });

    const delivered = await waitFor(
      () => events.events.find((e) => e.name === 'message:status' && e.payload.data.messageId === response.body.id && e.payload.data.status === 'delivered'),
      { what: 'delivered status pushed' },
    );
    expect(delivered.payload.data).toEqual({ messageId: response.body.id, patientId: james.id, status: 'delivered', errorCode: null, errorMessage: null });
    const statuses = events.events.filter((e) => e.name === 'message:status' && e.payload.data.messageId === response.body.id).map((e) => e.payload.data.status);
    expect(statuses).toEqual(['sent', 'delivered']);
    expect(events.events.find((e) => e.name === 'message:new' && e.payload.data.id === response.body.id)).toBeDefined();

    const history = await stack.request('GET', `/api/patients/${james.id}/messages`, { token: nurse });
    expect(history.body.items.at(-1)).toMatchObject({ id: response.body.id, status: 'delivered' });
  });

  it('is idempotent by clientMessageId: the same key twice is one message, sent once', async () => {
    const linh = patient('Linh Tran');
    const clientMessageId = randomUUID();
    const [first, second] = await Promise.all([send(linh.id, { body: 'Once only', clientMessageId }), send(linh.id, { body: 'Once only', clientMessageId })]);
    const third = await send(linh.id, { body: 'Once only', clientMessageId });
    expect([first.status, second.status, third.status]).toEqual([202, 202, 202]);
    expect(second.body.id).toBe(first.body.id);
    expect(third.body.id).toBe(first.body.id);
    await storedMessage(linh.id, first.body.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await simMessages(linh.phones[0].number)).filter((message) => message.body === 'Once only')).toHaveLength(1);
  });

  it('refuses an empty body and a body over 1600 characters with 422, sending nothing', async () => {
    const robert = patient('Robert Kowalski');
    const empty = await send(robert.id, { body: '   ', clientMessageId: randomUUID() });
    expect(empty.status).toBe(422);
    expect(empty.body.message).toBe('body must not be empty');
    const long = await send(robert.id, { body: 'x'.repeat(1601), clientMessageId: randomUUID() });
    expect(long.status).toBe(422);
    expect(long.body.message).toMatch(/1600/);
    const missingKey = await send(robert.id, { body: 'hello' });
    expect(missingKey.status).toBe(422);
    expect(missingKey.body.message).toMatch(/clientMessageId/);
    expect(await simMessages(robert.phones[0].number)).toEqual([]);
  });

  it('sends a text longer than 3 segments as one MMS', async () => {
    const robert = patient('Robert Kowalski');
    const body = 'Your care plan for this week. '.repeat(20);
    const response = await send(robert.id, { body, clientMessageId: randomUUID() });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ channel: 'mms', segments: 4 });
    expect((await storedMessage(robert.id, response.body.id)).twilioSid).toMatch(/^MM[0-9a-f]{32}$/);
  });

  it('refuses to text a number that opted out by texting STOP, and allows it again after START', async () => {
    const maria = patient('Maria Alvarez');
    const mobile = maria.phones.find((phone) => phone.type === 'mobile')!.number;
    const events = recordEvents(await stack.connect(nurse));
    const stop = await fetch(`${stack.simulator!.url}/sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: mobile, to: CARDIOLOGY_LINE, body: 'stop' }) });
    expect(stop.status).toBe(200);
    const consent = await waitFor(() => events.events.find((e) => e.name === 'consent:changed'), { what: 'consent:changed' });
    expect(consent.payload.data).toMatchObject({ patientId: maria.id, number: mobile, optedOut: true, source: 'sms-keyword' });

    const refused = await send(maria.id, { body: 'Are you there?', clientMessageId: randomUUID() });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/opted out/);
    const listed = await stack.request('GET', `/api/patients/${maria.id}`, { token: nurse });
    expect(listed.body.phones.find((phone: { number: string }) => phone.number === mobile)).toMatchObject({ optedOut: true, optOutSource: 'sms-keyword', optedOutAt: expect.any(String) });

    await fetch(`${stack.simulator!.url}/sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: mobile, to: CARDIOLOGY_LINE, body: 'START' }) });
    await waitFor(() => events.events.find((e) => e.name === 'consent:changed' && e.payload.data.optedOut === false), { what: 'opt-in pushed' });
    expect((await send(maria.id, { body: 'Welcome back', clientMessageId: randomUUID() })).status).toBe(202);
  });

  it('refuses to text a landline with a clear 422', async () => {
    const maria = patient('Maria Alvarez');
    const landline = maria.phones.find((phone) => phone.type === 'landline')!;
    const response = await send(maria.id, { body: 'hello', phoneId: landline.id, clientMessageId: randomUUID() });
    expect(response.status).toBe(422);
    expect(response.body.message).toMatch(/landline/);
  });

  it('never moves a status backwards and stores duplicate callbacks once', async () => {
    const james = patient('James Okafor');
    const sent = await send(james.id, { body: 'Status order test', clientMessageId: randomUUID() });
    const sid = (await storedMessage(james.id, sent.body.id)).twilioSid as string;
    await waitFor(async () => {
      const items = (await stack.request('GET', `/api/patients/${james.id}/messages`, { token: nurse })).body.items as { id: string; status: string }[];
      return items.find((m) => m.id === sent.body.id && m.status === 'delivered');
    }, { what: 'delivered' });
    const late = { MessageSid: sid, SmsSid: sid, MessageStatus: 'sent', SmsStatus: 'sent', AccountSid: 'AC00000000000000000000000000000000', From: CARDIOLOGY_LINE, To: james.phones[0].number, ApiVersion: '2010-04-01' };
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/status', late)).status).toBe(200);
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/status', late)).status).toBe(200);
    const items = (await stack.request('GET', `/api/patients/${james.id}/messages`, { token: nurse })).body.items as { id: string; status: string }[];
    expect(items.find((m) => m.id === sent.body.id)!.status).toBe('delivered');
    const forged = await postTwilioWebhook(stack, '/webhooks/twilio/status', { ...late, MessageStatus: 'failed', ErrorCode: '30003' }, { signature: 'bogus' });
    expect(forged.status).toBe(403);
  });

  it('shows an undelivered text with the plain-language reason', async () => {
    const linh = patient('Linh Tran');
    await fetch(`${stack.simulator!.url}/sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deliveryFailures: { [linh.phones[0].number]: 30003 } }) });
    const sent = await send(linh.id, { body: 'Will not arrive', clientMessageId: randomUUID() });
    expect(sent.status).toBe(202);
    const failed = await waitFor(async () => {
      const items = (await stack.request('GET', `/api/patients/${linh.id}/messages`, { token: nurse })).body.items as { id: string; status: string; errorCode: number | null; errorMessage: string | null }[];
      return items.find((m) => m.id === sent.body.id && m.status === 'undelivered');
    }, { what: 'undelivered' });
    expect(failed.errorCode).toBe(30003);
    expect(failed.errorMessage).toMatch(/unreachable/i);
    await fetch(`${stack.simulator!.url}/sim/faults`, { method: 'DELETE' });
  });
});

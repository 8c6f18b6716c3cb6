import twilio from 'twilio';
import { createTwilioSimulator, SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN, type TwilioSimulator } from './index';
import { WebhookReceiver } from './testing/webhook-receiver';

const LINE = '+16175550100';
const PATIENT = '+16175550111';
const OTHER_PATIENT = '+16175550122';

function sdkClient(sim: TwilioSimulator): twilio.Twilio {
  const client = twilio(sim.accountSid, sim.authToken);
  client.api.baseUrl = sim.url;
  return client;
}

interface JsonResponse {
  status: number;
  contentType: string | null;
  json: Record<string, unknown>;
}

async function call(sim: TwilioSimulator, method: string, path: string, body?: string): Promise<JsonResponse> {
  const response = await fetch(sim.url + path, {
    method,
    ...(body !== undefined && { body, headers: { 'content-type': 'application/json' } }),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    json: (await response.json()) as Record<string, unknown>,
  };
}

describe('/sim control API', () => {
  let sim: TwilioSimulator;
  let client: twilio.Twilio;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    sim = createTwilioSimulator({
      port: 0,
      ownedNumbers: [LINE],
      inboundWebhookUrl: receiver.url('/inbound'),
      timing: { stepMs: 5 },
    });
    await sim.start();
    client = sdkClient(sim);
  });

  afterEach(async () => {
    await sim.idle();
    sim.reset();
    sim.setOwnedNumbers([LINE]);
  });

  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it('GET /sim/messages lists every message in order with direction and status, filterable', async () => {
    const first = await client.messages.create({ to: PATIENT, from: LINE, body: 'one' });
    const second = await client.messages.create({ to: OTHER_PATIENT, from: LINE, body: 'two' });
    const inbound = await sim.sendInbound({ from: PATIENT, to: LINE, body: 'reply' });
    await sim.idle();

    const all = await call(sim, 'GET', '/sim/messages');
    expect(all.status).toBe(200);
    const messages = all.json.messages as Array<Record<string, unknown>>;
    expect(messages.map((m) => [m.sid, m.direction, m.status])).toEqual([
      [first.sid, 'outbound-api', 'delivered'],
      [second.sid, 'outbound-api', 'delivered'],
      [inbound.sid, 'inbound', 'received'],
    ]);
    expect(messages[0]).toMatchObject({ from: LINE, to: PATIENT, body: 'one', errorCode: null, numSegments: 1 });

    const toPatient = await call(sim, 'GET', `/sim/messages?to=${encodeURIComponent(PATIENT)}`);
    expect((toPatient.json.messages as Array<{ sid: string }>).map((m) => m.sid)).toEqual([first.sid]);
    const outbound = await call(sim, 'GET', '/sim/messages?direction=outbound');
    expect(outbound.json.messages).toHaveLength(2);
    expect((await call(sim, 'GET', '/sim/messages?direction=sideways')).status).toBe(400);
    expect(sim.sentMessages().map((m) => m.sid)).toEqual([first.sid, second.sid]);
  });

  it('POST /sim/faults merges, GET shows, DELETE clears', async () => {
    const merged = await call(sim, 'POST', '/sim/faults', JSON.stringify({ deliveryFailures: { [PATIENT]: 30003 } }));
    expect(merged.status).toBe(200);
    await call(sim, 'POST', '/sim/faults', JSON.stringify({ deliveryFailures: { [OTHER_PATIENT]: 30006 }, callbacks: { duplicate: true } }));
    await call(sim, 'POST', '/sim/faults', JSON.stringify({ callbacks: { shuffle: true }, nextApiCalls: { count: 2, kind: '429' } }));

    expect((await call(sim, 'GET', '/sim/faults')).json).toEqual({
      deliveryFailures: { [PATIENT]: 30003, [OTHER_PATIENT]: 30006 },
      nextApiCalls: { count: 2, kind: '429' },
      callbacks: { duplicate: true, shuffle: true, drop: false },
    });

    await call(sim, 'POST', '/sim/faults', JSON.stringify({ deliveryFailures: { [PATIENT]: null } }));
    expect(sim.faults().deliveryFailures).toEqual({ [OTHER_PATIENT]: 30006 });

    const cleared = await call(sim, 'DELETE', '/sim/faults');
    expect(cleared.json).toEqual({ deliveryFailures: {}, nextApiCalls: null, callbacks: { duplicate: false, shuffle: false, drop: false } });
  });

  it.each([
    ['an unknown kind', { nextApiCalls: { count: 1, kind: 'timeout' } }],
    ['a non-E.164 key', { deliveryFailures: { '617-555': 30003 } }],
    ['an unknown key', { slowness: 5 }],
  ])('POST /sim/faults rejects %s with 400', async (_name, body) => {
    const response = await call(sim, 'POST', '/sim/faults', JSON.stringify(body));
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('invalid_request');
    expect(sim.faults().nextApiCalls).toBeNull();
  });

  it('POST /sim/numbers replaces the owned numbers', async () => {
    const response = await call(sim, 'POST', '/sim/numbers', JSON.stringify({ numbers: ['+16175550400'] }));
    expect(response.status).toBe(200);
    expect(response.json.numbers).toEqual(expect.arrayContaining(['+16175550400', '+15005550006']));
    expect(response.json.numbers).not.toContain(LINE);
    await expect(client.messages.create({ to: PATIENT, from: '+16175550400', body: 'x' })).resolves.toBeDefined();
    await expect(client.messages.create({ to: PATIENT, from: LINE, body: 'x' })).rejects.toMatchObject({ code: 21606 });
    expect((await call(sim, 'POST', '/sim/numbers', JSON.stringify({ numbers: ['nope'] }))).status).toBe(400);
  });

  it('POST /sim/reset clears messages, faults and opt-outs', async () => {
    await client.messages.create({ to: PATIENT, from: LINE, body: 'x' });
    await sim.sendInbound({ from: PATIENT, to: LINE, body: 'STOP' });
    sim.setFaults({ deliveryFailures: { [PATIENT]: 30003 } });

    const response = await call(sim, 'POST', '/sim/reset');
    expect(response).toMatchObject({ status: 200, json: { reset: true } });
    expect(sim.messages()).toEqual([]);
    expect(sim.faults().deliveryFailures).toEqual({});
    const after = await client.messages.create({ to: PATIENT, from: LINE, body: 'allowed again' });
    await sim.idle();
    expect(sim.message(after.sid)?.status).toBe('delivered');
  });

  it('answers unknown routes with 404 JSON, wrong methods with 405 JSON', async () => {
    for (const path of ['/nope', '/sim/unknown', '/2010-04-01/Accounts/AC00000000000000000000000000000000/Calls.json']) {
      const response = await fetch(sim.url + path, {
        headers: { Authorization: `Basic ${Buffer.from(`${SIMULATOR_ACCOUNT_SID}:${SIMULATOR_AUTH_TOKEN}`).toString('base64')}` },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toEqual(expect.objectContaining({ message: expect.any(String) }));
    }
    const wrongMethod = await call(sim, 'GET', '/sim/inbound');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json.error).toBe('method_not_allowed');
  });

  it('answers malformed JSON with 400', async () => {
    const response = await call(sim, 'POST', '/sim/inbound', '{"from": ');
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('invalid_json');
  });

  it('answers bodies over 1 MB with 413 on both sides', async () => {
    const huge = JSON.stringify({ from: PATIENT, to: LINE, body: 'x'.repeat(1024 * 1024) });
    const control = await call(sim, 'POST', '/sim/inbound', huge);
    expect(control.status).toBe(413);
    expect(control.json.error).toBe('payload_too_large');

    const rest = await fetch(`${sim.url}/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${SIMULATOR_ACCOUNT_SID}:${SIMULATOR_AUTH_TOKEN}`).toString('base64')}` },
      body: new URLSearchParams({ To: PATIENT, From: LINE, Body: 'x'.repeat(1024 * 1024) }),
    });
    expect(rest.status).toBe(413);
    expect(await rest.json()).toMatchObject({ status: 413 });
    expect(sim.messages()).toHaveLength(0);
  });

  it('describes itself at GET / for a curious newcomer', async () => {
    const response = await call(sim, 'GET', '/');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      accountSid: SIMULATOR_ACCOUNT_SID,
      messagesApi: `/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json`,
      ownedNumbers: expect.arrayContaining([LINE]),
    });
  });
});

describe('simulator lifecycle', () => {
  it('picks a free port with port 0 and refuses a second start', async () => {
    const sim = createTwilioSimulator({ port: 0 });
    expect(() => sim.url).toThrow(/start/);
    await sim.start();
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.url).not.toMatch(/:0$/);
      await expect(sim.start()).rejects.toThrow(/cannot start/);
    } finally {
      await sim.close();
    }
    await expect(sim.close()).resolves.toBeUndefined();
  });

  it('rejects invalid options with a clear message', () => {
    expect(() => createTwilioSimulator({ ownedNumbers: ['617-555-0100'] })).toThrow(/E\.164/);
    expect(() => createTwilioSimulator({ accountSid: 'nope' })).toThrow(/accountSid/);
    expect(() => createTwilioSimulator({ messagingServices: [{ sid: 'MGshort', numbers: [] }] })).toThrow(/messaging service/);
    expect(() => createTwilioSimulator({ inboundWebhookUrl: 'localhost:3000' })).toThrow(/http/);
  });

  it('works with custom credentials', async () => {
    const accountSid = 'AC0123456789abcdef0123456789abcdef';
    const sim = createTwilioSimulator({ port: 0, accountSid, authToken: 'custom-token', ownedNumbers: [LINE] });
    await sim.start();
    try {
      const client = twilio(accountSid, 'custom-token');
      client.api.baseUrl = sim.url;
      const message = await client.messages.create({ to: PATIENT, from: LINE, body: 'x' });
      expect(message.accountSid).toBe(accountSid);
      const wrong = twilio(SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN);
      wrong.api.baseUrl = sim.url;
      await expect(wrong.messages.create({ to: PATIENT, from: LINE, body: 'x' })).rejects.toMatchObject({ status: 401, code: 20003 });
      // A real (non-public) token is never shown at the root URL.
      const description = await (await fetch(`${sim.url}/`)).text();
      expect(description).toContain(accountSid);
      expect(description).not.toContain('custom-token');
    } finally {
      await sim.close();
    }
  });
});

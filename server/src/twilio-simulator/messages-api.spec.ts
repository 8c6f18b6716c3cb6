import twilio from 'twilio';
import { createTwilioSimulator, SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN, type TwilioSimulator } from './index';

const LINE = '+16175550100';
const OTHER_LINE = '+16175550200';
const PATIENT = '+16175550111';
const SERVICE_SID = 'MG11111111111111111111111111111111';
const SERVICE_LINE = '+16175550300';

/** The real SDK, pointed at the simulator instead of https://api.twilio.com. */
function sdkClient(sim: TwilioSimulator, authToken = sim.authToken): twilio.Twilio {
  const client = twilio(sim.accountSid, authToken);
  client.api.baseUrl = sim.url;
  return client;
}

async function restError(promise: Promise<unknown>): Promise<InstanceType<typeof twilio.RestException>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof twilio.RestException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('Twilio REST API (real twilio SDK)', () => {
  let sim: TwilioSimulator;
  let client: twilio.Twilio;

  beforeAll(async () => {
    sim = createTwilioSimulator({
      port: 0,
      ownedNumbers: [LINE, OTHER_LINE],
      messagingServices: [{ sid: SERVICE_SID, numbers: [SERVICE_LINE] }],
      timing: { stepMs: 10 },
    });
    await sim.start();
    client = sdkClient(sim);
  });

  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  describe('create', () => {
    it('returns 201 with the Message resource in Twilio shape, status queued', async () => {
      const message = await client.messages.create({ to: PATIENT, from: LINE, body: 'Your appointment is at 10:30.' });

      expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(message.accountSid).toBe(SIMULATOR_ACCOUNT_SID);
      expect(message.status).toBe('queued');
      expect(message.direction).toBe('outbound-api');
      expect(message.to).toBe(PATIENT);
      expect(message.from).toBe(LINE);
      expect(message.numSegments).toBe('1');
      expect(message.numMedia).toBe('0');
      expect(message.price).toBeNull();
      expect(message.priceUnit).toBe('USD');
      expect(message.errorCode).toBeNull();
      expect(message.messagingServiceSid).toBeNull();
      expect(message.dateSent).toBeNull();
      expect(message.dateCreated).toBeInstanceOf(Date);
      expect(Math.abs(message.dateCreated.getTime() - Date.now())).toBeLessThan(5000);
      expect(message.uri).toBe(`/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages/${message.sid}.json`);
      expect(message.subresourceUris).toEqual({
        media: `/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages/${message.sid}/Media.json`,
        feedback: `/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages/${message.sid}/Feedback.json`,
      });
    });

    it('writes dates in RFC 2822 with +0000 and segment counts as strings', async () => {
      const response = await client.messages.createWithHttpInfo({ to: PATIENT, from: LINE, body: 'é'.repeat(10) + 'x'.repeat(151) });
      const raw = await fetchRaw(sim, response.body.uri);
      expect(raw.date_created).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      expect(raw.num_segments).toBe('2'); // 161 GSM-7 characters
      expect(response.statusCode).toBe(201);
    });

    it('counts UCS-2 segments with Twilio’s calculator (71 UCS-2 characters = 2 segments)', async () => {
      const message = await client.messages.create({ to: PATIENT, from: LINE, body: 'ç'.repeat(71) });
      expect(message.numSegments).toBe('2');
    });

    it('uses an MM sid and num_media for media, repeated MediaUrl fields', async () => {
      const message = await client.messages.create({
        to: PATIENT,
        from: LINE,
        mediaUrl: ['https://example.com/a.png', 'https://example.com/b.jpg'],
      });
      expect(message.sid).toMatch(/^MM[0-9a-f]{32}$/);
      expect(message.numMedia).toBe('2');
      expect(sim.message(message.sid)?.mediaUrls).toEqual(['https://example.com/a.png', 'https://example.com/b.jpg']);
    });

    it('starts a Messaging Service send as accepted with no sender yet and num_segments "0"', async () => {
      const message = await client.messages.create({ to: PATIENT, messagingServiceSid: SERVICE_SID, body: 'hi' });
      expect(message.status).toBe('accepted');
      expect(message.messagingServiceSid).toBe(SERVICE_SID);
      expect(message.from).toBeNull();
      expect(message.numSegments).toBe('0');

      await sim.idle();
      const later = await client.messages(message.sid).fetch();
      expect(later.from).toBe(SERVICE_LINE);
      expect(later.numSegments).toBe('1');
      expect(later.status).toBe('delivered');
    });
  });

  describe('fetch', () => {
    it('shows the lifecycle on the resource: delivered with date_sent', async () => {
      const created = await client.messages.create({ to: PATIENT, from: LINE, body: 'hello' });
      await sim.idle();
      const fetched = await client.messages(created.sid).fetch();
      expect(fetched.status).toBe('delivered');
      expect(fetched.dateSent).toBeInstanceOf(Date);
      expect(fetched.dateUpdated.getTime()).toBeGreaterThanOrEqual(fetched.dateCreated.getTime());
      expect(fetched.errorCode).toBeNull();
    });

    it('sets error_code and error_message on a delivery failure', async () => {
      sim.setFaults({ deliveryFailures: { [PATIENT]: 30003 } });
      const created = await client.messages.create({ to: PATIENT, from: LINE, body: 'hello' });
      await sim.idle();
      const fetched = await client.messages(created.sid).fetch();
      expect(fetched.status).toBe('undelivered');
      expect(fetched.errorCode).toBe(30003);
      expect(fetched.errorMessage).toBe('Unreachable destination handset');
    });

    it('answers 404 / 20404 for an unknown sid', async () => {
      const error = await restError(client.messages('SM00000000000000000000000000000000').fetch());
      expect(error.status).toBe(404);
      expect(error.code).toBe(20404);
      expect(error.message).toContain('/Messages/SM00000000000000000000000000000000.json was not found');
    });
  });

  describe('list', () => {
    it('filters by To and pages newest first, following next_page_uri', async () => {
      const created: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        created.push((await client.messages.create({ to: PATIENT, from: LINE, body: `m${i}` })).sid);
      }
      await client.messages.create({ to: '+16175550122', from: LINE, body: 'other patient' });

      const firstPage = await client.messages.page({ to: PATIENT, pageSize: 2 });
      expect(firstPage.instances.map((m) => m.sid)).toEqual([created[4], created[3]]);
      expect(firstPage.nextPageUrl).toContain('PageToken=PA');

      const all = await client.messages.list({ to: PATIENT, pageSize: 2 });
      expect(all.map((m) => m.sid)).toEqual([...created].reverse());
      const limited = await client.messages.list({ to: PATIENT, pageSize: 2, limit: 3 });
      expect(limited).toHaveLength(3);
    });

    it('returns the full list envelope with a relative next_page_uri and null on the last page', async () => {
      for (let i = 0; i < 3; i += 1) await client.messages.create({ to: PATIENT, from: LINE, body: `m${i}` });
      const first = await fetchRaw(sim, `/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json?To=%2B16175550111&PageSize=2`);
      expect(first).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });
      expect(first.first_page_uri).toBe(`/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json?To=%2B16175550111&PageSize=2&Page=0`);
      expect(String(first.next_page_uri)).toMatch(/^\/2010-04-01\/Accounts\/AC0+\/Messages\.json\?To=%2B16175550111&PageSize=2&Page=1&PageToken=PASM[0-9a-f]{32}$/);

      const second = await fetchRaw(sim, String(first.next_page_uri));
      expect(second).toMatchObject({ page: 1, start: 2, end: 2, next_page_uri: null });
      expect(second.previous_page_uri).toContain('PageToken=PB');
      expect(second.messages).toHaveLength(1);
    });

    it('filters by DateSent given as a date or as the full datetime twilio-node sends', async () => {
      const created = await client.messages.create({ to: PATIENT, from: LINE, body: 'dated' });
      await sim.idle();
      const sentAt = (await client.messages(created.sid).fetch()).dateSent ?? new Date(0);
      const today = sentAt.toISOString().slice(0, 10);

      expect((await client.messages.list({ dateSent: new Date(`${today}T12:00:00Z`) })).map((m) => m.sid)).toEqual([created.sid]);
      expect(await client.messages.list({ dateSentAfter: new Date(sentAt.getTime() + 60_000) })).toHaveLength(0);
      expect(await client.messages.list({ dateSentBefore: new Date(sentAt.getTime() - 60_000) })).toHaveLength(0);
      expect(await client.messages.list({ dateSentAfter: new Date(sentAt.getTime() - 60_000) })).toHaveLength(1);

      const byDateOnly = await fetchRaw(
        sim,
        `/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json?DateSent%3E=${today}&DateSent%3C=${today}`,
      );
      expect(byDateOnly.messages).toHaveLength(1);
      const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
      const none = await fetchRaw(sim, `/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json?DateSent=${yesterday}`);
      expect(none.messages).toHaveLength(0);
    });
  });

  describe('update and delete', () => {
    it('redacts the body with Body=""', async () => {
      const created = await client.messages.create({ to: PATIENT, from: LINE, body: 'private' });
      const updated = await client.messages(created.sid).update({ body: '' });
      expect(updated.body).toBe('');
      expect(sim.message(created.sid)?.body).toBe('');
    });

    it('refuses to cancel a message that is not scheduled (30409)', async () => {
      const created = await client.messages.create({ to: PATIENT, from: LINE, body: 'x' });
      const error = await restError(client.messages(created.sid).update({ status: 'canceled' }));
      expect(error.status).toBe(400);
      expect(error.code).toBe(30409);
    });

    it('deletes with 204', async () => {
      const created = await client.messages.create({ to: PATIENT, from: LINE, body: 'x' });
      await expect(client.messages(created.sid).remove()).resolves.toBe(true);
      expect(sim.message(created.sid)).toBeUndefined();
    });
  });

  describe('authentication', () => {
    it('answers 401 / 20003 with Twilio’s body for a wrong token', async () => {
      const error = await restError(sdkClient(sim, 'wrong-token').messages.create({ to: PATIENT, from: LINE, body: 'x' }));
      expect(error.status).toBe(401);
      expect(error.code).toBe(20003);

      const raw = await fetch(`${sim.url}/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json`);
      expect(raw.status).toBe(401);
      expect(await raw.json()).toEqual({
        code: 20003,
        detail: 'Your AccountSid or AuthToken was incorrect.',
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
    });

    it('answers 404 / 20404 when the AccountSid in the path is not the authenticated account', async () => {
      const other = 'AC11111111111111111111111111111111';
      const response = await fetch(`${sim.url}/2010-04-01/Accounts/${other}/Messages.json`, { headers: basicAuth() });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        code: 20404,
        message: `The requested resource /2010-04-01/Accounts/${other}/Messages.json was not found`,
        more_info: 'https://www.twilio.com/docs/errors/20404',
        status: 404,
      });
    });
  });

  describe('validation errors (HTTP 400 with Twilio codes)', () => {
    const cases: Array<[string, Record<string, unknown>, number]> = [
      ['empty To (the SDK itself refuses a missing one)', { to: '', from: LINE, body: 'x' }, 21604],
      ['invalid To', { to: '617-555', from: LINE, body: 'x' }, 21211],
      ['missing From and MessagingServiceSid', { to: PATIENT, body: 'x' }, 21603],
      ['From not owned', { to: PATIENT, from: '+16175559999', body: 'x' }, 21606],
      ['unknown Messaging Service', { to: PATIENT, messagingServiceSid: 'MG99999999999999999999999999999999', body: 'x' }, 21701],
      ['missing Body and MediaUrl', { to: PATIENT, from: LINE }, 21602],
      ['Body over 1600 characters', { to: PATIENT, from: LINE, body: 'x'.repeat(1601) }, 21617],
      ['more than 10 MediaUrl', { to: PATIENT, from: LINE, mediaUrl: Array.from({ length: 11 }, (_, i) => `https://e.test/${i}.png`) }, 21623],
    ];

    it.each(cases)('%s', async (_name, params, code) => {
      const error = await restError(client.messages.create(params as unknown as Parameters<typeof client.messages.create>[0]));
      expect(error.status).toBe(400);
      expect(error.code).toBe(code);
      expect(error.moreInfo).toBe(`https://www.twilio.com/docs/errors/${code}`);
      expect(sim.sentMessages()).toHaveLength(0);
    });

    it('accepts exactly 1600 characters and exactly 10 media URLs', async () => {
      await expect(client.messages.create({ to: PATIENT, from: LINE, body: 'x'.repeat(1600) })).resolves.toBeDefined();
      const media = Array.from({ length: 10 }, (_, i) => `https://e.test/${i}.png`);
      await expect(client.messages.create({ to: PATIENT, from: LINE, mediaUrl: media })).resolves.toBeDefined();
    });

    it('answers 21703 for a Messaging Service with no numbers', async () => {
      const empty = createTwilioSimulator({
        port: 0,
        messagingServices: [{ sid: 'MG22222222222222222222222222222222', numbers: [] }],
      });
      await empty.start();
      try {
        const error = await restError(
          sdkClient(empty).messages.create({ to: PATIENT, messagingServiceSid: 'MG22222222222222222222222222222222', body: 'x' }),
        );
        expect(error.code).toBe(21703);
      } finally {
        await empty.close();
      }
    });
  });

  describe("Twilio's magic test numbers", () => {
    const toCases: Array<[string, number]> = [
      ['+15005550001', 21211],
      ['+15005550002', 21612],
      ['+15005550003', 21408],
      ['+15005550004', 21610],
      ['+15005550009', 21614],
    ];
    it.each(toCases)('To %s -> 400 / %i', async (to, code) => {
      const error = await restError(client.messages.create({ to, from: '+15005550006', body: 'x' }));
      expect(error.status).toBe(400);
      expect(error.code).toBe(code);
    });

    it('From +15005550001 -> 400 / 21212, From +15005550007 -> 400 / 21606', async () => {
      const invalid = await restError(client.messages.create({ to: PATIENT, from: '+15005550001', body: 'x' }));
      expect([invalid.status, invalid.code]).toEqual([400, 21212]);
      const notOwned = await restError(client.messages.create({ to: PATIENT, from: '+15005550007', body: 'x' }));
      expect([notOwned.status, notOwned.code]).toEqual([400, 21606]);
    });

    it('From +15005550008 -> HTTP 429 / 21611 (queue full)', async () => {
      const error = await restError(client.messages.create({ to: PATIENT, from: '+15005550008', body: 'x' }));
      expect([error.status, error.code]).toEqual([429, 21611]);
    });

    it('From +15005550006 is always a valid sender', async () => {
      const message = await client.messages.create({ to: PATIENT, from: '+15005550006', body: 'x' });
      expect(message.status).toBe('queued');
    });
  });

  describe('API faults', () => {
    it('fails the next N calls with 500, then recovers', async () => {
      sim.setFaults({ nextApiCalls: { count: 2, kind: '500' } });
      for (let i = 0; i < 2; i += 1) {
        const error = await restError(client.messages.create({ to: PATIENT, from: LINE, body: 'x' }));
        expect([error.status, error.code]).toEqual([500, 20500]);
      }
      await expect(client.messages.create({ to: PATIENT, from: LINE, body: 'x' })).resolves.toBeDefined();
      expect(sim.sentMessages()).toHaveLength(1);
    });

    it('answers 429 / 20429 (always safe to retry)', async () => {
      sim.setFaults({ nextApiCalls: { count: 1, kind: '429' } });
      const error = await restError(client.messages.create({ to: PATIENT, from: LINE, body: 'x' }));
      expect([error.status, error.code]).toEqual([429, 20429]);
      expect(sim.faults().nextApiCalls).toBeNull();
    });

    it('leaves a request hanging until close(), which still ends cleanly', async () => {
      const hanging = createTwilioSimulator({ port: 0, ownedNumbers: [LINE], timing: { stepMs: 10 } });
      await hanging.start();
      hanging.setFaults({ nextApiCalls: { count: 1, kind: 'hang' } });
      const pending = sdkClient(hanging).messages.create({ to: PATIENT, from: LINE, body: 'x' });
      const outcome = pending.then(
        () => 'answered',
        () => 'connection closed',
      );
      const early = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200))]);
      expect(early).toBe('still waiting');
      await hanging.close();
      expect(await outcome).toBe('connection closed');
      expect(hanging.sentMessages()).toHaveLength(0);
    });
  });
});

function basicAuth(): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${SIMULATOR_ACCOUNT_SID}:${SIMULATOR_AUTH_TOKEN}`).toString('base64')}` };
}

async function fetchRaw(sim: TwilioSimulator, uri: string): Promise<Record<string, unknown> & { messages?: unknown[] }> {
  const response = await fetch(sim.url + uri, { headers: basicAuth() });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown> & { messages?: unknown[] };
}

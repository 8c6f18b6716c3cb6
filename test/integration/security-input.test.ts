import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import twilio from 'twilio';
import type { MessageDto } from '@care/shared';
import { SIMULATOR_AUTH_TOKEN } from '../../server/src/config/env';
import { startTestStack, type TestStack } from '../support/test-stack';
import { fakeMessageSid, inboundParams, postTwilioWebhook } from '../support/twilio-webhook';
import { recordEvents, waitFor } from '../support/wait';

const CARDIOLOGY_LINE = '+16175550100';
const MARIA = '+16175550111';
const REPLACEMENT = '\uFFFD';

interface Patient {
  id: string;
  name: string;
  phones: { id: string; number: string; type: string }[];
}

/**
 * Text is text: emoji sequences, bidi controls, NUL and broken UTF-16/UTF-8 in every input the
 * product takes (Twilio's webhooks, the API's JSON, query strings) are stored and shown as text or
 * refused with 422 — never a 500 — and SQL- or LIKE-looking input is just characters.
 */
describe('security: Unicode and injection in every input', () => {
  let stack: TestStack;
  let nurse: string;
  let patients: Patient[];

  beforeAll(async () => {
    stack = await startTestStack({ env: { OUTBOUND_POLL_MS: '50', RECONCILE_INTERVAL_SECONDS: '0' } });
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    patients = (await stack.request('GET', '/api/patients', { token: nurse })).body.items;
    const admin = (await stack.login('admin@demo.test')).accessToken;
    // No quiet hours: the sends below must go at once whatever the time of day.
    await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { quietHoursStart: '00:00', quietHoursEnd: '00:00' } });
    for (const line of (await stack.request('GET', '/api/admin/lines', { token: admin })).body.items) {
      await stack.request('PATCH', `/api/admin/lines/${line.id}`, { token: admin, body: { mps: 50 } });
    }
  });
  afterAll(() => stack.close());

  const patient = (name: string): Patient => patients.find((p) => p.name === name)!;
  const thread = async (patientId: string): Promise<MessageDto[]> => (await stack.request('GET', `/api/patients/${patientId}/messages?limit=200`, { token: nurse })).body.items;
  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => (stack.app.get(MikroORM).em.fork() as EntityManager).getConnection().execute<T[]>(query, params);

  /** Posts a form body exactly as given (raw bytes allowed), signed over the values the server will decode. */
  async function postRawInbound(encodedBody: string, decoded: Record<string, string>): Promise<number> {
    const path = '/webhooks/twilio/inbound';
    const response = await fetch(stack.url + path, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(SIMULATOR_AUTH_TOKEN, stack.config.http.publicBaseUrl + path, decoded),
      },
      body: encodedBody,
    });
    await response.text();
    return response.status;
  }

  it('stores inbound texts with ZWJ emoji, RTL override, NUL and broken UTF-8 as text, and pushes them as stored', async () => {
    const maria = patient('Maria Alvarez');
    const events = recordEvents(await stack.connect(nurse));
    const cases: { body: string; stored: string }[] = [
      { body: 'Nurse 👩‍⚕️ and family 👨‍👩‍👧‍👦 🏳️‍🌈 ok', stored: 'Nurse 👩‍⚕️ and family 👨‍👩‍👧‍👦 🏳️‍🌈 ok' },
      { body: 'invoice \u202Efdp.exe and \u2067isolate\u2069', stored: 'invoice \u202Efdp.exe and \u2067isolate\u2069' },
      // PostgreSQL text cannot hold NUL: the edge replaces it (Twilio must get its 200, so no 4xx).
      { body: 'before\u0000after\u0000', stored: `before${REPLACEMENT}after${REPLACEMENT}` },
      // A lone surrogate cannot be UTF-8 encoded: it arrives as U+FFFD already.
      { body: 'half \uD83D of an emoji', stored: `half ${REPLACEMENT} of an emoji` },
    ];
    const sids: string[] = [];
    for (const { body } of cases) {
      const params = inboundParams({ from: MARIA, to: CARDIOLOGY_LINE, body });
      // A NUL in any other field (Twilio echoes caller data like FromCity) is kept too.
      params.FromCity = 'Boston\u0000';
      sids.push(params.MessageSid);
      const response = await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params);
      expect({ body, status: response.status }).toEqual({ body, status: 200 });
    }

    // Invalid UTF-8 on the wire (a CESU-8 encoded lone surrogate, an overlong slash, a stray
    // continuation byte): the form parser cannot decode the value, so it is kept as the characters sent.
    const rawSid = fakeMessageSid();
    const raw = inboundParams({ from: MARIA, to: CARDIOLOGY_LINE, body: 'placeholder', sid: rawSid });
    const rawBody = 'bad%20%ED%A0%80%20%C0%AF%20%80%20end';
    const encoded = new URLSearchParams({ ...raw, Body: '__BODY__' }).toString().replace('__BODY__', rawBody);
    expect(await postRawInbound(encoded, { ...raw, Body: rawBody })).toBe(200);
    sids.push(rawSid);
    cases.push({ body: rawBody, stored: rawBody });

    const stored = await waitFor(
      async () => {
        const items = await thread(maria.id);
        const found = sids.map((sid) => items.find((m) => m.twilioSid === sid));
        return found.every(Boolean) ? (found as MessageDto[]) : undefined;
      },
      { what: 'every inbound text stored', timeoutMs: 15_000 },
    );
    expect(stored.map((m) => m.body)).toEqual(cases.map((c) => c.stored));
    await waitFor(() => (events.events.filter((e) => e.name === 'message:new' && sids.includes(e.payload.data.twilioSid)).length === sids.length ? true : undefined), {
      what: 'message:new for every text',
    });
    const pushed = sids.map((sid) => events.events.find((e) => e.name === 'message:new' && e.payload.data.twilioSid === sid)!.payload.data.body);
    expect(pushed).toEqual(cases.map((c) => c.stored));
    // The receipt (kept for replays and audits) holds the replaced text, not an error.
    const receipts = await sql<{ params: Record<string, string> }>('select params from twilio_webhook_receipt where message_sid = ?', [sids[2]]);
    expect(receipts[0].params.Body).toBe(`before${REPLACEMENT}after${REPLACEMENT}`);
    expect(receipts[0].params.FromCity).toBe(`Boston${REPLACEMENT}`);
  });

  it('accepts a status callback with NUL in its fields (200, applied)', async () => {
    const james = patient('James Okafor');
    const sent = await stack.request('POST', `/api/patients/${james.id}/messages`, { token: nurse, body: { body: 'status with NUL', clientMessageId: randomUUID() } });
    expect(sent.status).toBe(202);
    const withSid = await waitFor(async () => (await thread(james.id)).find((m) => m.id === sent.body.id && m.twilioSid && m.status === 'delivered'), { what: 'delivered' });
    const response = await postTwilioWebhook(stack, '/webhooks/twilio/status', {
      MessageSid: withSid.twilioSid!,
      MessageStatus: 'read',
      AccountSid: 'AC00000000000000000000000000000000',
      To: '+16175550112\u0000',
      ErrorMessage: 'x\u0000y',
    });
    expect(response.status).toBe(200);
    await waitFor(async () => ((await thread(james.id)).find((m) => m.id === sent.body.id)?.status === 'read' ? true : undefined), { what: 'read applied' });
  });

  it('sends ZWJ emoji and RTL overrides exactly as written: stored, pushed and handed to Twilio unchanged', async () => {
    const linh = patient('Linh Tran');
    const body = 'Take 2 💊 👩‍⚕️ \u202Eevila\u202C done';
    const response = await stack.request('POST', `/api/patients/${linh.id}/messages`, { token: nurse, body: { body, clientMessageId: randomUUID() } });
    expect(response.status).toBe(202);
    expect(response.body.body).toBe(body);
    const sent = await waitFor(async () => (await thread(linh.id)).find((m) => m.id === response.body.id && m.twilioSid), { what: 'sent' });
    expect(sent.body).toBe(body);
    expect(sent.encoding).toBe('UCS-2');
    expect(stack.simulator!.sentMessages().filter((m) => m.sid === sent.twilioSid).map((m) => m.body)).toEqual([body]);
  });

  it('answers 422 naming the field for NUL or an unpaired surrogate anywhere in API input, and stores nothing', async () => {
    const robert = patient('Robert Kowalski');
    const before = (await thread(robert.id)).length;
    const sentBefore = stack.simulator!.sentMessages().length;
    const send = (body: Record<string, unknown>) => stack.request('POST', `/api/patients/${robert.id}/messages`, { token: nurse, body: { clientMessageId: randomUUID(), ...body } });

    const refusals = [
      { response: await send({ body: 'a\u0000b' }), field: 'body' },
      { response: await send({ body: 'half \uD83D emoji' }), field: 'body' },
      { response: await send({ body: 'lone low \uDC00' }), field: 'body' },
      { response: await send({ body: 'ok', quietHoursOverride: { reason: 'urgent\u0000' } }), field: 'quietHoursOverride.reason' },
      { response: await send({ body: 'ok', clientMessageId: 'id\u0000' }), field: 'clientMessageId' },
      { response: await stack.request('POST', '/api/auth/login', { body: { email: 'nurse@demo.test\u0000', password: 'demo-password' } }), field: 'email' },
      { response: await stack.request('GET', `/api/patients?search=${encodeURIComponent('Mar\u0000ia')}`, { token: nurse }), field: 'search' },
      { response: await stack.request('GET', `/api/templates?search=%00`, { token: nurse }), field: 'search' },
    ];
    for (const { response, field } of refusals) {
      expect({ field, status: response.status }).toEqual({ field, status: 422 });
      expect(response.body.message).toContain(field);
    }
    // Well-formed astral characters (a surrogate pair) are fine.
    const ok = await send({ body: 'pair \uD83D\uDE00 fine' });
    expect(ok.status).toBe(202);
    expect(ok.body.body).toBe('pair 😀 fine');

    const after = await thread(robert.id);
    expect(after).toHaveLength(before + 1);
    await waitFor(async () => ((await thread(robert.id)).find((m) => m.id === ok.body.id)?.twilioSid ? true : undefined), { what: 'the good one sent' });
    expect(stack.simulator!.sentMessages().slice(sentBefore).map((m) => m.body)).toEqual(['pair 😀 fine']);
  });

  it('treats SQL- and LIKE-looking search text as plain characters', async () => {
    const names = patients.map((p) => p.name);
    const terms = ['%', '_', '\\', '%_%', "'", "'; drop table patient; --", "Maria' or '1'='1", 'M%a', 'M_ria', 'aria', '\\%', '*', '.*', '$1', '?', ':name', '"', '[a-z]'];
    for (const term of terms) {
      const response = await stack.request('GET', `/api/patients?search=${encodeURIComponent(term)}`, { token: nurse });
      expect({ term, status: response.status }).toEqual({ term, status: 200 });
      const expected = names.filter((name) => name.toLowerCase().includes(term.trim().toLowerCase())).sort();
      expect({ term, found: (response.body.items as Patient[]).map((p) => p.name).sort() }).toEqual({ term, found: expected });

      const templates = await stack.request('GET', `/api/templates?search=${encodeURIComponent(term)}`, { token: nurse });
      expect({ term, status: templates.status }).toEqual({ term, status: 200 });
      if (['%', '_', '\\', "'; drop table patient; --"].includes(term)) expect({ term, found: templates.body.items }).toEqual({ term, found: [] });
    }
    // Nothing was dropped or widened.
    expect((await stack.request('GET', '/api/patients', { token: nurse })).body.items).toHaveLength(patients.length);
    expect((await sql<{ count: string }>('select count(*) as count from patient'))[0].count).toBe('8');
  });

  it('answers junk cursors, limits, filters and ids with 404/422 (or a normal page), never a 5xx', async () => {
    const maria = patient('Maria Alvarez');
    const junk = [
      "'; drop table message; --",
      '%',
      '_',
      '\\',
      '-1',
      '1e3',
      '99999999999999999999',
      '9223372036854775808',
      '0x10',
      ' 1',
      Buffer.from(`2020-01-01T00:00:00.000Z|'; drop table message; --`).toString('base64url'),
      Buffer.from(`not a date|${randomUUID()}`).toString('base64url'),
      Buffer.from(`9999999-01-01T00:00:00.000Z|${randomUUID()}`).toString('base64url'),
      '\u202E',
      '👩‍⚕️',
      '\u0000',
      'a\u0000b',
    ];
    const urls: string[] = [];
    for (const value of junk) {
      const q = encodeURIComponent(value);
      urls.push(
        `/api/patients?cursor=${q}`,
        `/api/patients?search=x&cursor=${q}`,
        `/api/patients/${maria.id}/messages?cursor=${q}`,
        `/api/patients/${maria.id}/messages?limit=${q}`,
        `/api/patients/${maria.id}/consent?cursor=${q}`,
        `/api/patients/${q}`,
        `/api/patients/${q}/messages`,
        `/api/inbox?filter=${q}`,
        `/api/inbox?lineId=${q}`,
        `/api/inbox?cursor=${q}`,
        `/api/inbox?filter=waiting&cursor=${q}`,
        `/api/notifications?cursor=${q}`,
        `/api/templates?search=${q}`,
        `/api/unrecognized?lineId=${q}&cursor=${q}`,
        `/api/conversations/${q}`,
      );
    }
    // Repeated parameters arrive as arrays.
    urls.push(
      `/api/patients?search=a&search=b&cursor=1&cursor=2`,
      `/api/patients/${maria.id}/messages?cursor=a&cursor=b&limit=1&limit=2`,
      `/api/inbox?filter=all&filter=mine&lineId=a&lineId=b&cursor=1&cursor=2`,
      `/api/notifications?cursor=a&cursor=b`,
      `/api/templates?search=a&search=b`,
      `/api/unrecognized?lineId=a&lineId=b&archived=true&archived=false`,
    );
    const answers: { url: string; status: number }[] = [];
    for (const url of urls) answers.push({ url, status: (await stack.request('GET', url, { token: nurse })).status });
    expect(answers.filter((a) => ![200, 404, 422].includes(a.status))).toEqual([]);
    // And the tables are still there.
    expect((await thread(maria.id)).length).toBeGreaterThan(0);
  });

  it('hands only E.164 numbers to Twilio: a malformed number is refused at accept, and one corrupted after accept fails without a Twilio call', async () => {
    const maria = patient('Maria Alvarez');
    const sentBefore = stack.simulator!.sentMessages().length;
    // Numbers that reached the database some other way (an import, an old version, a typo fixed by hand).
    const malformed = ['16175550199', '+1 617 555 0199', '+1617555019９', "+16175550199'; drop table patient; --", '+1617555019\u202E9', '+', 'ACME'];
    const phoneIds: string[] = [];
    for (const [index, number] of malformed.entries()) {
      const id = randomUUID();
      await sql(`insert into patient_phone (id, created_at, organization_id, patient_id, number, type, position) select ?, now(), organization_id, id, ?, 'mobile', ? from patient where id = ?`, [
        id,
        number,
        10 + index,
        maria.id,
      ]);
      phoneIds.push(id);
    }
    for (const [index, phoneId] of phoneIds.entries()) {
      const response = await stack.request('POST', `/api/patients/${maria.id}/messages`, { token: nurse, body: { body: 'to a bad number', clientMessageId: randomUUID(), phoneId } });
      expect({ number: malformed[index], status: response.status }).toEqual({ number: malformed[index], status: 422 });
      expect(response.body.message).toMatch(/phone number/i);
    }

    // Accepted for a good number, then the stored recipient is corrupted before the worker takes it.
    const scheduled = await stack.request('POST', `/api/patients/${maria.id}/messages`, {
      token: nurse,
      body: { body: 'corrupted later', clientMessageId: randomUUID(), sendAt: new Date(Date.now() + 1_500).toISOString() },
    });
    expect(scheduled.status).toBe(202);
    await sql(`update message set to_number = ? where id = ?`, ['+1 617 555 0111', scheduled.body.id]);
    const failed = await waitFor(async () => (await thread(maria.id)).find((m) => m.id === scheduled.body.id && m.status === 'failed'), { what: 'failed', timeoutMs: 15_000 });
    expect(failed.twilioSid).toBeNull();
    expect(failed.errorMessage).toMatch(/phone number/i);
    expect(stack.simulator!.sentMessages().slice(sentBefore)).toEqual([]);
  });
});

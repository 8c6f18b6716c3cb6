import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageDto } from '@care/shared';
import { startTestStack, type TestStack } from '../support/test-stack';
import { createTestDatabase } from '../support/test-database';
import { recordEvents, waitFor } from '../support/wait';

/** Short backoffs and timeouts keep the file fast; the production defaults are longer. */
const FAST_QUEUE = {
  OUTBOUND_POLL_MS: '50',
  OUTBOUND_RETRY_BASE_MS: '50',
  OUTBOUND_RETRY_MAX_MS: '200',
  OUTBOUND_MAX_ATTEMPTS: '3',
  TWILIO_TIMEOUT_MS: '500',
};

const CARDIOLOGY_LINE = '+16175550100';
const DIABETES_LINE = '+16175550200';

interface Patient {
  id: string;
  name: string;
  phones: { id: string; number: string; type: string }[];
}

async function sql<T>(stack: TestStack, query: string, params: unknown[] = []): Promise<T[]> {
  const em = stack.app.get(MikroORM).em.fork() as EntityManager;
  return em.getConnection().execute<T[]>(query, params);
}

/** The stored message once `until` holds (GET history, as a browser would see it). */
function storedMessage(stack: TestStack, token: string, patientId: string, messageId: string, until: (m: MessageDto) => boolean, timeoutMs = 10_000): Promise<MessageDto> {
  return waitFor(
    async () => {
      const items = (await stack.request('GET', `/api/patients/${patientId}/messages?limit=100`, { token })).body.items as MessageDto[];
      const found = items.find((m) => m.id === messageId);
      return found && until(found) ? found : undefined;
    },
    { what: `message ${messageId}`, timeoutMs },
  );
}

const hasSid = (m: MessageDto): boolean => m.twilioSid !== null;

describe('outbound queue: persist, then queue; exactly once across restarts', () => {
  it('sends a message accepted by a process that stopped before sending exactly once after restart', async () => {
    const database = await createTestDatabase();
    try {
      // First process: accepts and stores, but its worker is off (as if killed before sending).
      const first = await startTestStack({ database, env: { ...FAST_QUEUE, OUTBOUND_WORKER: 'false' } });
      let accepted: MessageDto;
      let scheduled: MessageDto;
      let james: Patient;
      try {
        const nurse = (await first.login('nurse@demo.test')).accessToken;
        james = ((await first.request('GET', '/api/patients', { token: nurse })).body.items as Patient[]).find((p) => p.name === 'James Okafor')!;
        const response = await first.request('POST', `/api/patients/${james.id}/messages`, { token: nurse, body: { body: 'Survives a restart', clientMessageId: randomUUID() } });
        expect(response.status).toBe(202);
        accepted = response.body;
        expect(accepted).toMatchObject({ status: 'queued', twilioSid: null });
        const later = await first.request('POST', `/api/patients/${james.id}/messages`, {
          token: nurse,
          body: { body: 'Scheduled across a restart', clientMessageId: randomUUID(), sendAt: new Date(Date.now() + 3_000).toISOString() },
        });
        expect(later.status).toBe(202);
        scheduled = later.body;
        expect(scheduled.status).toBe('scheduled');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(first.simulator!.sentMessages()).toEqual([]);
      } finally {
        await first.close();
      }

      // Second process on the same database: its worker finds both jobs in PostgreSQL.
      const second = await startTestStack({ database, env: FAST_QUEUE });
      try {
        const nurse = (await second.login('nurse@demo.test')).accessToken;
        const sent = await storedMessage(second, nurse, james.id, accepted.id, hasSid);
        const sentLater = await storedMessage(second, nurse, james.id, scheduled.id, hasSid);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const atTwilio = second.simulator!.sentMessages();
        expect(atTwilio.filter((m) => m.body === 'Survives a restart').map((m) => m.sid)).toEqual([sent.twilioSid]);
        expect(atTwilio.filter((m) => m.body === 'Scheduled across a restart').map((m) => m.sid)).toEqual([sentLater.twilioSid]);
        const goneAt = new Date(atTwilio.find((m) => m.body === 'Scheduled across a restart')!.dateCreated).getTime();
        expect(goneAt).toBeGreaterThanOrEqual(new Date(sentLater.scheduledFor!).getTime() - 50);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });
});

describe('outbound queue: retries, reconciliation and per-line rate', () => {
  let stack: TestStack;
  let nurse: string;
  let admin: string;
  let patients: Patient[];
  let lines: { id: string; number: string; name: string }[];

  beforeAll(async () => {
    stack = await startTestStack({ env: FAST_QUEUE });
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    admin = (await stack.login('admin@demo.test')).accessToken;
    patients = (await stack.request('GET', '/api/patients', { token: admin })).body.items;
    lines = (await stack.request('GET', '/api/admin/lines', { token: admin })).body.items;
    // Fast lines for the fault tests; the burst test sets realistic rates itself.
    for (const line of lines) await stack.request('PATCH', `/api/admin/lines/${line.id}`, { token: admin, body: { mps: 50 } });
  });
  afterEach(() => stack.simulator!.clearFaults());
  afterAll(() => stack.close());

  const patient = (name: string) => patients.find((p) => p.name === name)!;
  const lineByNumber = (number: string) => lines.find((l) => l.number === number)!;
  const send = (token: string, patientId: string, body: Record<string, unknown>) => stack.request('POST', `/api/patients/${patientId}/messages`, { token, body });
  const atTwilio = (body: string) => stack.simulator!.sentMessages().filter((m) => m.body === body);
  const attempts = async (messageId: string) => (await sql<{ send_attempts: number }>(stack, 'select send_attempts from message where id = ?', [messageId]))[0].send_attempts;

  it('answers 202 before Twilio is called, then records the SID', async () => {
    const james = patient('James Okafor');
    stack.simulator!.setFaults({ nextApiCalls: { count: 1, kind: 'hang' } });
    const started = Date.now();
    const response = await send(nurse, james.id, { body: 'No waiting for Twilio', clientMessageId: randomUUID() });
    // The first Twilio call hangs for TWILIO_TIMEOUT_MS (500 ms): the API must not wait for it.
    expect(Date.now() - started).toBeLessThan(500);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'queued', twilioSid: null });
    const sent = await storedMessage(stack, nurse, james.id, response.body.id, hasSid);
    expect(atTwilio('No waiting for Twilio').map((m) => m.sid)).toEqual([sent.twilioSid]);
  });

  it('retries a 429 with backoff and then sends once', async () => {
    const linh = patient('Linh Tran');
    stack.simulator!.setFaults({ nextApiCalls: { count: 1, kind: '429' } });
    const response = await send(nurse, linh.id, { body: 'After a 429', clientMessageId: randomUUID() });
    const sent = await storedMessage(stack, nurse, linh.id, response.body.id, (m) => m.status === 'delivered');
    expect(sent.errorCode).toBeNull();
    expect(atTwilio('After a 429').map((m) => m.sid)).toEqual([sent.twilioSid]);
    expect(stack.simulator!.faults().nextApiCalls).toBeNull();
    expect(await attempts(response.body.id)).toBe(2);
  });

  it('gives up after OUTBOUND_MAX_ATTEMPTS 500s and shows the message failed with the reason', async () => {
    const robert = patient('Robert Kowalski');
    const events = recordEvents(await stack.connect(nurse));
    stack.simulator!.setFaults({ nextApiCalls: { count: 10, kind: '500' } });
    const response = await send(nurse, robert.id, { body: 'Twilio is down', clientMessageId: randomUUID() });
    const failed = await storedMessage(stack, nurse, robert.id, response.body.id, (m) => m.status === 'failed');
    expect(failed.twilioSid).toBeNull();
    expect(failed.errorCode).toBe(20500);
    expect(failed.errorMessage).toMatch(/after 3 attempts/);
    // Exactly three calls reached the simulator (10 faults, 7 left), and nothing was sent.
    expect(stack.simulator!.faults().nextApiCalls).toEqual({ count: 7, kind: '500' });
    expect(atTwilio('Twilio is down')).toEqual([]);
    await waitFor(() => events.events.find((e) => e.name === 'message:status' && e.payload.data.messageId === response.body.id && e.payload.data.status === 'failed'), {
      what: 'failed pushed',
    });
  });

  it('fails at once, with the explanation, on a permanent Twilio error', async () => {
    const james = patient('James Okafor');
    // Twilio's magic number "+15005550001" is refused as invalid (21211).
    const patientId = james.id;
    await sql(stack, `update patient_phone set number = '+15005550001' where number = ?`, [james.phones[0].number]);
    try {
      const response = await send(nurse, patientId, { body: 'To an invalid number', clientMessageId: randomUUID() });
      const failed = await storedMessage(stack, nurse, patientId, response.body.id, (m) => m.status === 'failed');
      expect(failed.errorCode).toBe(21211);
      expect(failed.errorMessage).toBeTruthy();
      expect(await attempts(response.body.id)).toBe(1);
    } finally {
      await sql(stack, `update patient_phone set number = ? where number = '+15005550001'`, [james.phones[0].number]);
    }
  });

  it('reconciles a call that timed out after Twilio took the message: no duplicate', async () => {
    const linh = patient('Linh Tran');
    stack.simulator!.setFaults({ nextApiCalls: { count: 1, kind: 'hang-after-create' } });
    const response = await send(nurse, linh.id, { body: 'Taken but unanswered', clientMessageId: randomUUID() });
    const sent = await storedMessage(stack, nurse, linh.id, response.body.id, (m) => m.status === 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Without the lookup a retry would have created a second message at Twilio.
    expect(atTwilio('Taken but unanswered').map((m) => m.sid)).toEqual([sent.twilioSid]);
    expect(await attempts(response.body.id)).toBe(2);
  });

  it('resends after a timeout when Twilio never got the request: exactly one message', async () => {
    const robert = patient('Robert Kowalski');
    stack.simulator!.setFaults({ nextApiCalls: { count: 1, kind: 'hang' } });
    const response = await send(nurse, robert.id, { body: 'Lost on the way', clientMessageId: randomUUID() });
    const sent = await storedMessage(stack, nurse, robert.id, response.body.id, hasSid);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(atTwilio('Lost on the way').map((m) => m.sid)).toEqual([sent.twilioSid]);
  });

  it('two clicks with one clientMessageId are one stored message, sent once', async () => {
    const james = patient('James Okafor');
    const clientMessageId = randomUUID();
    const [a, b] = await Promise.all([
      send(nurse, james.id, { body: 'Double click', clientMessageId }),
      send(nurse, james.id, { body: 'Double click', clientMessageId }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.body.id).toBe(a.body.id);
    await storedMessage(stack, nurse, james.id, a.body.id, hasSid);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(atTwilio('Double click')).toHaveLength(1);
    expect(await sql(stack, 'select id from message where client_message_id = ?', [clientMessageId])).toHaveLength(1);
  });

  it('spaces a burst of 50 by each line’s MPS, without one line holding up the other, each sent once', async () => {
    const cardiology = lineByNumber(CARDIOLOGY_LINE);
    const diabetes = lineByNumber(DIABETES_LINE);
    expect((await stack.request('PATCH', `/api/admin/lines/${cardiology.id}`, { token: admin, body: { mps: 10 } })).body.mps).toBe(10);
    expect((await stack.request('PATCH', `/api/admin/lines/${diabetes.id}`, { token: admin, body: { mps: 5 } })).body.mps).toBe(5);
    try {
      const cardiologyPatients = patients.filter((p) => ['James Okafor', 'Linh Tran', 'Robert Kowalski'].includes(p.name));
      const diabetesPatients = patients.filter((p) => ['Aisha Rahman', 'Tom Becker', 'Grace Lee', 'Daniel Moreau'].includes(p.name));
      const requests = [
        ...Array.from({ length: 30 }, (_, i) => ({ patient: cardiologyPatients[i % cardiologyPatients.length], lineId: cardiology.id, body: `Burst C${i}` })),
        ...Array.from({ length: 20 }, (_, i) => ({ patient: diabetesPatients[i % diabetesPatients.length], lineId: diabetes.id, body: `Burst D${i}` })),
      ];
      const responses = await Promise.all(requests.map((r) => send(admin, r.patient.id, { body: r.body, lineId: r.lineId, clientMessageId: randomUUID() })));
      expect(responses.map((r) => r.status)).toEqual(requests.map(() => 202));

      const burst = await waitFor(
        () => {
          const sent = stack.simulator!.sentMessages().filter((m) => m.body.startsWith('Burst '));
          return sent.length >= 50 ? sent : undefined;
        },
        { what: '50 burst messages at Twilio', timeoutMs: 20_000 },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const all = stack.simulator!.sentMessages().filter((m) => m.body.startsWith('Burst '));
      expect(all).toHaveLength(50);
      expect(new Set(all.map((m) => m.body)).size).toBe(50);

      const times = (from: string) => burst.filter((m) => m.from === from).map((m) => new Date(m.dateCreated).getTime()).sort((x, y) => x - y);
      const assertRate = (stamps: number[], mps: number) => {
        // Any mps + 1 consecutive sends, as the simulator saw them arrive, span at least one second
        // (10 ms of clock granularity allowed; slots are spaced 3% wider for network jitter).
        for (let i = 0; i + mps < stamps.length; i += 1) expect(stamps[i + mps] - stamps[i]).toBeGreaterThanOrEqual(990);
      };
      const cardiologyTimes = times(CARDIOLOGY_LINE);
      const diabetesTimes = times(DIABETES_LINE);
      expect(cardiologyTimes).toHaveLength(30);
      expect(diabetesTimes).toHaveLength(20);
      assertRate(cardiologyTimes, 10);
      assertRate(diabetesTimes, 5);
      // Side by side: the slower line starts before the faster one is done, and finishes after it.
      expect(diabetesTimes[0]).toBeLessThan(cardiologyTimes.at(-1)!);
      expect(cardiologyTimes.at(-1)!).toBeLessThan(diabetesTimes.at(-1)!);

      const stored = await sql<{ twilio_sid: string | null; status: string }>(stack, `select twilio_sid, status from message where body like 'Burst %'`);
      expect(stored).toHaveLength(50);
      expect(new Set(stored.map((m) => m.twilio_sid)).size).toBe(50);
      expect(stored.every((m) => m.twilio_sid !== null)).toBe(true);
    } finally {
      for (const line of [cardiology, diabetes]) await stack.request('PATCH', `/api/admin/lines/${line.id}`, { token: admin, body: { mps: 50 } });
    }
  });
});

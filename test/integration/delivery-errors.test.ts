import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { explainTwilioError, twilioErrorText } from '@care/shared';
import { startTestStack, type TestStack } from '../support/test-stack';
import { simulatorControl } from '../support/simulator-control';
import { recordEvents, waitFor } from '../support/wait';

interface Patient {
  id: string;
  name: string;
  phones: { id: string; number: string; type: string; optedOut: boolean }[];
}

/** The final status Twilio reports for each delivery failure (carrier receipts end `undelivered`). */
const DELIVERY_FAILURES: [code: number, finalStatus: 'undelivered' | 'failed'][] = [
  [30003, 'undelivered'],
  [30005, 'undelivered'],
  [30006, 'undelivered'],
  [30007, 'undelivered'],
  [30008, 'undelivered'],
  [30034, 'failed'],
];

describe('delivery lifecycle: every failure explained, callbacks duplicated and reordered', () => {
  let stack: TestStack;
  let sim: ReturnType<typeof simulatorControl>;
  let nurse: string;
  let coach: string;
  let patients: Patient[];

  beforeAll(async () => {
    stack = await startTestStack();
    sim = simulatorControl(stack.simulator!.url);
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    coach = (await stack.login('coach@demo.test')).accessToken;
    patients = (await stack.request('GET', '/api/patients', { token: nurse })).body.items;
  });
  afterEach(() => sim.clearFaults());
  afterAll(() => stack.close());

  const patient = (name: string) => patients.find((p) => p.name === name)!;
  const send = (patientId: string, body: string, phoneId?: string) =>
    stack.request('POST', `/api/patients/${patientId}/messages`, { token: nurse, body: { body, clientMessageId: randomUUID(), ...(phoneId ? { phoneId } : {}) } });
  const messageIn = async (patientId: string, messageId: string) =>
    (await stack.request('GET', `/api/patients/${patientId}/messages`, { token: nurse })).body.items.find((m: { id: string }) => m.id === messageId);
  const statusHistory = async (messageId: string): Promise<{ status: string; source: string; error_code: number | null }[]> =>
    stack.app.get(MikroORM).em.fork().getConnection().execute('select status, source, error_code from message_status_change where message_id = ? order by created_at, status', [messageId]);

  it.each(DELIVERY_FAILURES)('error %i ends %s with its explanation', async (code, finalStatus) => {
    const james = patient('James Okafor');
    const number = james.phones[0]!.number;
    await sim.setFaults({ deliveryFailures: { [number]: code } });
    const events = recordEvents(await stack.connect(nurse));

    const sent = await send(james.id, `Checking in (${code})`);
    expect(sent.status).toBe(202);
    const final = await waitFor(
      () => events.events.find((e) => e.name === 'message:status' && e.payload.data.messageId === sent.body.id && ['undelivered', 'failed', 'delivered'].includes(e.payload.data.status)),
      { what: `final status for ${code}` },
    );
    const explanation = explainTwilioError(code)!;
    expect(final.payload.data).toEqual({
      messageId: sent.body.id,
      patientId: james.id,
      status: finalStatus,
      errorCode: code,
      errorMessage: `${explanation.title}. ${explanation.action}`,
    });
    expect(explanation.title).not.toMatch(/^Twilio error/);
    const stored = await messageIn(james.id, sent.body.id);
    expect(stored).toMatchObject({ status: finalStatus, errorCode: code, errorMessage: twilioErrorText(code), twilioSid: expect.stringMatching(/^SM/) });
    const history = await statusHistory(sent.body.id);
    expect(history.at(-1)).toEqual({ status: finalStatus, source: 'callback', error_code: code });
    // The simulator agrees (its resource carries the same code).
    expect((await sim.sentTo(number)).find((m) => m.sid === stored.twilioSid)).toMatchObject({ status: finalStatus, errorCode: code });
  });

  it('offers marking a 30006 number as a landline, audited; it is then never texted', async () => {
    const maria = patient('Maria Alvarez');
    const mobile = maria.phones.find((phone) => phone.type === 'mobile')!;
    await sim.setFaults({ deliveryFailures: { [mobile.number]: 30006 } });
    const sent = await send(maria.id, 'Landline test', mobile.id);
    await waitFor(async () => ((await messageIn(maria.id, sent.body.id))?.status === 'undelivered' ? true : undefined));
    expect(explainTwilioError(30006)?.suggestion).toEqual({ kind: 'mark-landline' });

    const path = `/api/patients/${maria.id}/phones/${mobile.id}/mark-landline`;
    expect((await stack.request('POST', path, { token: coach })).status).toBe(404);
    const marked = await stack.request('POST', path, { token: nurse });
    expect(marked.status).toBe(200);
    expect(marked.body.phones.find((phone: { id: string }) => phone.id === mobile.id)).toMatchObject({ type: 'landline' });
    const audit = await stack.app
      .get(MikroORM)
      .em.fork()
      .getConnection()
      .execute(`select patient_id, details from audit_log where action = 'patient.phone-marked-landline'`);
    expect(audit).toEqual([{ patient_id: maria.id, details: { phoneId: mobile.id } }]);

    const refused = await send(maria.id, 'Try again', mobile.id);
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/landline/);
  });

  it('ends in the right status with one history row per status when callbacks come twice and out of order', async () => {
    const robert = patient('Robert Kowalski');
    await sim.setFaults({ callbacks: { duplicate: true, shuffle: true } });
    const events = recordEvents(await stack.connect(nurse));
    const sent = await send(robert.id, 'Shuffled callbacks');
    expect(sent.status).toBe(202);
    await waitFor(() => events.events.find((e) => e.name === 'message:status' && e.payload.data.messageId === sent.body.id && e.payload.data.status === 'delivered'));
    await stack.simulator!.idle();
    // Let the last duplicate land before reading the history.
    await new Promise((resolve) => setTimeout(resolve, 100));

    const stored = await messageIn(robert.id, sent.body.id);
    expect(stored).toMatchObject({ status: 'delivered', errorCode: null });
    const history = await statusHistory(sent.body.id);
    const statuses = history.map((row) => row.status);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect([...statuses].sort()).toEqual(['delivered', 'queued', 'sent']);
    // `sent` arrived after `delivered`: recorded, not applied.
    expect(history.find((row) => row.status === 'sent')?.source).toBe('callback-late');
    const pushed = events.events.filter((e) => e.name === 'message:status' && e.payload.data.messageId === sent.body.id).map((e) => e.payload.data.status);
    expect(pushed).toEqual(['delivered']);
    // Each distinct callback is kept once as a receipt, however often Twilio sent it.
    const receipts = await stack.app
      .get(MikroORM)
      .em.fork()
      .getConnection()
      .execute(`select message_status from twilio_webhook_receipt where kind = 'status' and message_sid = ? order by message_status`, [stored.twilioSid]);
    expect(receipts.map((row: { message_status: string }) => row.message_status)).toEqual(['delivered', 'sent']);
  });

  it('ends failed callbacks with the failure even when shuffled and duplicated', async () => {
    const linh = patient('Linh Tran');
    const number = linh.phones[0]!.number;
    await sim.setFaults({ deliveryFailures: { [number]: 30003 }, callbacks: { duplicate: true, shuffle: true } });
    const sent = await send(linh.id, 'Will not arrive');
    await waitFor(async () => ((await messageIn(linh.id, sent.body.id))?.status === 'undelivered' ? true : undefined));
    await stack.simulator!.idle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await messageIn(linh.id, sent.body.id)).toMatchObject({ status: 'undelivered', errorCode: 30003, errorMessage: twilioErrorText(30003) });
    const statuses = (await statusHistory(sent.body.id)).map((row) => row.status);
    expect([...statuses].sort()).toEqual(['queued', 'sent', 'undelivered']);
  });
});

import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageDto } from '@care/shared';
import { DeliveryStatusService } from '../../server/src/messaging/delivery-status.service';
import { startTestStack, type TestStack } from '../support/test-stack';
import { fakeMessageSid, postTwilioWebhook } from '../support/twilio-webhook';
import { DEMO, EventLog } from '../support/realtime';
import { waitFor } from '../support/wait';

/**
 * Twilio can call the status callback before our create call has returned (or before we stored
 * its answer). Such a callback is kept and applied when the message adopts the SID — never lost,
 * never applied twice, in whatever order the two meet.
 */
describe('reliability: status callback before the SID is stored', () => {
  let stack: TestStack;
  let nurse: string;
  let patientId: string;

  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => (stack.app.get(MikroORM).em.fork() as EntityManager).getConnection().execute<T[]>(query, params);
  const message = async (id: string): Promise<MessageDto> =>
    ((await stack.request('GET', `/api/patients/${patientId}/messages?limit=200`, { token: nurse })).body.items as MessageDto[]).find((m) => m.id === id)!;
  const accept = async (body: string): Promise<MessageDto> => {
    const response = await stack.request('POST', `/api/patients/${patientId}/messages`, { token: nurse, body: { body, clientMessageId: randomUUID() } });
    expect(response.status).toBe(202);
    return response.body;
  };
  const callback = (sid: string, status: string, errorCode?: number) =>
    postTwilioWebhook(stack, '/webhooks/twilio/status', {
      MessageSid: sid,
      MessageStatus: status,
      AccountSid: 'AC00000000000000000000000000000000',
      From: DEMO.cardiologyLine,
      To: DEMO.james,
      ...(errorCode ? { ErrorCode: String(errorCode) } : {}),
    });

  beforeAll(async () => {
    // This process accepts and queues but never sends: the test plays the worker's part.
    stack = await startTestStack({ env: { OUTBOUND_WORKER: 'false', RECONCILE_INTERVAL_SECONDS: '0' } });
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    patientId = (await stack.request('GET', '/api/patients?search=James', { token: nurse })).body.items[0].id;
    const admin = (await stack.login('admin@demo.test')).accessToken;
    await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { quietHoursStart: '00:00', quietHoursEnd: '00:00' } });
  });
  afterAll(() => stack.close());

  it('keeps callbacks for an unknown SID (200, pending) and applies them, in status order, when the message records that SID', async () => {
    const tab = new EventLog(await stack.connect(nurse));
    const accepted = await accept('Callbacks first');
    const sid = fakeMessageSid();

    // Newest first, and one of them twice, as Twilio's unordered, retried callbacks can come.
    for (const status of ['delivered', 'sent', 'delivered']) expect((await callback(sid, status)).status).toBe(200);
    const before = await message(accepted.id);
    expect(before).toMatchObject({ status: 'queued', twilioSid: null });
    const pending = await sql<{ message_status: string; processed_at: Date | null }>(`select message_status, processed_at from twilio_webhook_receipt where kind = 'status' and message_sid = ? order by created_at`, [sid]);
    expect(pending.map((row) => [row.message_status, row.processed_at])).toEqual([
      ['delivered', null],
      ['sent', null],
    ]);

    // The worker's create call returns: Twilio says `queued` (it always does at create).
    await stack.app.get(DeliveryStatusService).recordSid(accepted.id, { sid, status: 'queued', errorCode: null, errorMessage: null });

    const after = await message(accepted.id);
    expect(after).toMatchObject({ status: 'delivered', twilioSid: sid, errorCode: null });
    const changes = await sql<{ status: string }>('select status from message_status_change where message_id = ? order by created_at, status', [accepted.id]);
    expect(changes.map((row) => row.status)).toEqual(expect.arrayContaining(['queued', 'delivered']));
    expect(changes.filter((row) => row.status === 'delivered')).toHaveLength(1);
    expect(await sql(`select id from twilio_webhook_receipt where kind = 'status' and message_sid = ? and processed_at is null`, [sid])).toEqual([]);
    await tab.next('message:status', (data) => data.messageId === accepted.id && data.status === 'delivered');

    // A late duplicate after the SID is known changes nothing.
    expect((await callback(sid, 'delivered')).status).toBe(200);
    expect((await message(accepted.id)).status).toBe('delivered');
  });

  it('keeps a failure callback that came first, with its error code', async () => {
    const accepted = await accept('Fails before we know it');
    const sid = fakeMessageSid();
    expect((await callback(sid, 'undelivered', 30003)).status).toBe(200);
    await stack.app.get(DeliveryStatusService).recordSid(accepted.id, { sid, status: 'queued', errorCode: null, errorMessage: null });
    const after = await message(accepted.id);
    expect(after).toMatchObject({ status: 'undelivered', twilioSid: sid, errorCode: 30003 });
    expect(after.errorMessage).toBeTruthy();
  });

  it('loses no status when callbacks and SID recording race (20 messages, each meeting at the same moment)', async () => {
    const accepted = await Promise.all(Array.from({ length: 20 }, (_, i) => accept(`Race ${i}`)));
    const plan = accepted.map((m, i) => ({ id: m.id, sid: fakeMessageSid(), final: i % 2 === 0 ? 'delivered' : 'undelivered' }));
    const service = stack.app.get(DeliveryStatusService);
    const answers = await Promise.all(
      plan.flatMap((p) => [
        callback(p.sid, 'sent').then((r) => r.status),
        callback(p.sid, p.final, p.final === 'undelivered' ? 30005 : undefined).then((r) => r.status),
        service.recordSid(p.id, { sid: p.sid, status: 'queued', errorCode: null, errorMessage: null }).then(() => 200),
      ]),
    );
    expect(answers.filter((status) => status !== 200)).toEqual([]);
    const finals = await waitFor(
      async () => {
        const all = await Promise.all(plan.map(async (p) => (await message(p.id)).status));
        return all.every((status, i) => status === plan[i]!.final) ? all : undefined;
      },
      { what: 'every final status', timeoutMs: 10_000 },
    ).catch(async () => Promise.all(plan.map(async (p) => (await message(p.id)).status)));
    expect(finals).toEqual(plan.map((p) => p.final));
    expect(await sql(`select id from twilio_webhook_receipt where kind = 'status' and message_sid in (${plan.map(() => '?').join(', ')}) and processed_at is null`, plan.map((p) => p.sid))).toEqual([]);
  });
});

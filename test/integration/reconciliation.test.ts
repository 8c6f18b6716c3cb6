import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';
import { twilioErrorText } from '@care/shared';
import { ReconciliationService } from '../../server/src/messaging/reconciliation.service';
import { startTestStack, type TestStack } from '../support/test-stack';
import { simulatorControl } from '../support/simulator-control';
import { recordEvents, waitFor } from '../support/wait';

const CARDIOLOGY_LINE = '+16175550100';
const DEAD_WEBHOOK = 'http://127.0.0.1:9/webhooks/twilio/inbound';

interface Patient {
  id: string;
  name: string;
  phones: { id: string; number: string; type: string; optedOut: boolean }[];
}

describe('reconciliation: what Twilio has and our webhooks missed is stored, exactly once', () => {
  let stack: TestStack;
  let sim: ReturnType<typeof simulatorControl>;
  let nurse: string;
  let patients: Patient[];
  let reconciliation: ReconciliationService;

  beforeAll(async () => {
    // The periodic run is off: the test drives each run itself.
    stack = await startTestStack({ env: { RECONCILE_INTERVAL_SECONDS: '0' } });
    sim = simulatorControl(stack.simulator!.url);
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    patients = (await stack.request('GET', '/api/patients', { token: nurse })).body.items;
    reconciliation = stack.app.get(ReconciliationService);
  });
  afterEach(() => sim.clearFaults());
  afterAll(() => stack.close());

  const patient = (name: string) => patients.find((p) => p.name === name)!;
  const thread = async (name: string): Promise<any[]> => (await stack.request('GET', `/api/patients/${patient(name).id}/messages`, { token: nurse })).body.items;
  const sql = (query: string, params: unknown[] = []): Promise<any[]> => stack.app.get(MikroORM).em.fork().getConnection().execute(query, params);

  /** The patient texts while our inbound webhook is down: Twilio keeps the message, we never hear of it. */
  const textWhileWebhookDown = async (from: string, body: string): Promise<string> => {
    stack.simulator!.setInboundWebhookUrl(DEAD_WEBHOOK);
    try {
      const response = await sim.inbound({ from, to: CARDIOLOGY_LINE, body });
      expect(response.status).toBe(502);
      return response.body.sid as string;
    } finally {
      stack.simulator!.setInboundWebhookUrl(`${stack.config.http.publicBaseUrl}/webhooks/twilio/inbound`);
    }
  };

  it('stores an inbound text whose webhook failed, pushes it, and a second run changes nothing', async () => {
    const maria = patient('Maria Alvarez');
    const sid = await textWhileWebhookDown(maria.phones[0]!.number, 'Is the clinic open on Monday?');
    expect((await thread('Maria Alvarez')).some((m) => m.twilioSid === sid)).toBe(false);

    const events = recordEvents(await stack.connect(nurse));
    const first = await reconciliation.reconcile();
    expect(first).toMatchObject({ inboundStored: 1, linesChecked: 2 });
    const stored = (await thread('Maria Alvarez')).filter((m) => m.twilioSid === sid);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ direction: 'inbound', body: 'Is the clinic open on Monday?', status: 'received', patientId: maria.id });
    await waitFor(() => events.events.find((e) => e.name === 'message:new' && e.payload.data.twilioSid === sid), { what: 'message:new for the reconciled text' });

    const second = await reconciliation.reconcile();
    expect(second).toMatchObject({ inboundStored: 0, statusesApplied: 0 });
    expect((await thread('Maria Alvarez')).filter((m) => m.twilioSid === sid)).toHaveLength(1);
    expect(await sql('select count(*)::int as n from twilio_webhook_receipt where message_sid = ?', [sid])).toEqual([{ n: 1 }]);
  });

  it('applies a missed STOP to consent through the same path as the webhook', async () => {
    const robert = patient('Robert Kowalski');
    await textWhileWebhookDown(robert.phones[0]!.number, 'STOP');
    const before = await stack.request('GET', `/api/patients/${robert.id}`, { token: nurse });
    expect(before.body.phones[0].optedOut).toBe(false);
    expect(await reconciliation.reconcile()).toMatchObject({ inboundStored: 1 });
    const after = await stack.request('GET', `/api/patients/${robert.id}`, { token: nurse });
    expect(after.body.phones[0].optedOut).toBe(true);
    const consent = await stack.request('GET', `/api/patients/${robert.id}/consent`, { token: nurse });
    expect(consent.body.items[0]).toMatchObject({ source: 'sms-keyword', keyword: 'STOP', optedOut: true });
  });

  it('applies final statuses whose callbacks never arrived (delivered and undelivered), once', async () => {
    const james = patient('James Okafor');
    const linh = patient('Linh Tran');
    await sim.setFaults({ callbacks: { drop: true }, deliveryFailures: { [linh.phones[0]!.number]: 30005 } });
    const send = (p: Patient, body: string) => stack.request('POST', `/api/patients/${p.id}/messages`, { token: nurse, body: { body, clientMessageId: randomUUID() } });
    const delivered = (await send(james, 'Your refill is ready')).body;
    const undelivered = (await send(linh, 'Your refill is ready')).body;
    // The queue hands both to Twilio; Twilio knows the outcome, we never hear it.
    const atTwilio = await waitFor(async () => {
      const message = (await thread('James Okafor')).find((m) => m.id === delivered.id);
      return message?.twilioSid ? message : undefined;
    });
    await waitFor(async () => ((await thread('Linh Tran')).find((m) => m.id === undelivered.id)?.twilioSid ? true : undefined));
    await stack.simulator!.idle();
    expect((await sim.sentTo(james.phones[0]!.number)).find((m) => m.sid === atTwilio.twilioSid)?.status).toBe('delivered');
    expect((await thread('James Okafor')).find((m) => m.id === delivered.id).status).toBe('queued');

    const events = recordEvents(await stack.connect(nurse));
    const first = await reconciliation.reconcile();
    expect(first).toMatchObject({ statusesApplied: 2, inboundStored: 0 });
    expect((await thread('James Okafor')).find((m) => m.id === delivered.id)).toMatchObject({ status: 'delivered', errorCode: null });
    expect((await thread('Linh Tran')).find((m) => m.id === undelivered.id)).toMatchObject({ status: 'undelivered', errorCode: 30005, errorMessage: twilioErrorText(30005) });
    await waitFor(() => events.events.find((e) => e.name === 'message:status' && e.payload.data.messageId === delivered.id && e.payload.data.status === 'delivered'));
    const history = await sql('select status, source from message_status_change where message_id = ? order by created_at', [delivered.id]);
    expect(history).toEqual([
      { status: 'queued', source: 'api' },
      { status: 'delivered', source: 'reconciliation' },
    ]);

    expect(await reconciliation.reconcile()).toMatchObject({ statusesApplied: 0, inboundStored: 0 });
    expect(await sql('select count(*)::int as n from message_status_change where message_id = ?', [delivered.id])).toEqual([{ n: 2 }]);
    expect(events.events.filter((e) => e.name === 'message:status' && e.payload.data.messageId === delivered.id)).toHaveLength(1);
  });

  it('runs on one node at a time: skips while another process holds the lock', async () => {
    const otherNode = new Client({ connectionString: stack.config.database.url! });
    await otherNode.connect();
    try {
      await otherNode.query(`select pg_advisory_lock(hashtext('twilio-reconciliation'))`);
      expect(await reconciliation.reconcile()).toBeNull();
      await otherNode.query(`select pg_advisory_unlock(hashtext('twilio-reconciliation'))`);
      expect(await reconciliation.reconcile()).toMatchObject({ linesChecked: 2 });
    } finally {
      await otherNode.end();
    }
  });
});

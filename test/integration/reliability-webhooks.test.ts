import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageDto } from '@care/shared';
import { startTestStack, type TestStack } from '../support/test-stack';
import { fakeMessageSid, inboundParams, postTwilioWebhook } from '../support/twilio-webhook';
import { ask, DEMO, EventLog, type Envelope } from '../support/realtime';
import { waitFor } from '../support/wait';

/** Twilio (and anyone replaying it) may post the same webhook many times at once; texts to one conversation arrive together. */
describe('reliability: concurrent webhooks', () => {
  let stack: TestStack;
  let nurse: string;
  let supervisor: string;
  let mariaId: string;

  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => (stack.app.get(MikroORM).em.fork() as EntityManager).getConnection().execute<T[]>(query, params);
  const history = async (patientId: string): Promise<MessageDto[]> => (await stack.request('GET', `/api/patients/${patientId}/messages?limit=200`, { token: nurse })).body.items;

  beforeAll(async () => {
    stack = await startTestStack({ env: { RECONCILE_INTERVAL_SECONDS: '0', OUTBOUND_POLL_MS: '50' } });
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    supervisor = (await stack.login('supervisor@demo.test')).accessToken;
    mariaId = (await stack.request('GET', '/api/patients?search=Maria', { token: nurse })).body.items[0].id;
    const admin = (await stack.login('admin@demo.test')).accessToken;
    await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { quietHoursStart: '00:00', quietHoursEnd: '00:00' } });
  });
  afterAll(() => stack.close());

  it('stores 10 identical inbound webhooks posted at once as one message, answers all 200, pushes it once', async () => {
    const tab = new EventLog(await stack.connect(nurse));
    const params = inboundParams({ from: DEMO.maria, to: DEMO.cardiologyLine, body: 'Sent once, delivered ten times' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => postTwilioWebhook(stack, '/webhooks/twilio/inbound', params)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));

    expect((await history(mariaId)).filter((m) => m.twilioSid === params.MessageSid)).toHaveLength(1);
    expect(await sql('select id from message where twilio_sid = ?', [params.MessageSid])).toHaveLength(1);
    expect(await sql(`select id from twilio_webhook_receipt where kind = 'inbound' and message_sid = ?`, [params.MessageSid])).toHaveLength(1);
    await tab.next('message:new', (data) => data.twilioSid === params.MessageSid);
    await tab.expectNone('message:new', (data, envelope) => data.twilioSid === params.MessageSid && envelope !== tab.of('message:new', (d) => d.twilioSid === params.MessageSid)[0], 500);
    expect(tab.of('message:new', (data) => data.twilioSid === params.MessageSid)).toHaveLength(1);
  });

  it('applies 10 identical status callbacks posted at once once: one history row, one push', async () => {
    const james = (await stack.request('GET', '/api/patients?search=James', { token: nurse })).body.items[0].id as string;
    // The simulator would send its own callbacks: this message's are ours alone.
    stack.simulator!.setFaults({ callbacks: { drop: true } });
    try {
      const sent = await stack.request('POST', `/api/patients/${james}/messages`, { token: nurse, body: { body: 'Callback storm', clientMessageId: randomUUID() } });
      expect(sent.status).toBe(202);
      const withSid = await waitFor(async () => (await history(james)).find((m) => m.id === sent.body.id && m.twilioSid), { what: 'the SID' });
      const tab = new EventLog(await stack.connect(nurse));
      const callback = { MessageSid: withSid.twilioSid!, MessageStatus: 'delivered', AccountSid: 'AC00000000000000000000000000000000', To: DEMO.james, From: DEMO.cardiologyLine };
      const answers = await Promise.all(Array.from({ length: 10 }, () => postTwilioWebhook(stack, '/webhooks/twilio/status', callback)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
      await tab.next('message:status', (data) => data.messageId === sent.body.id && data.status === 'delivered');
      await tab.expectNone('message:status', (data, envelope) => data.messageId === sent.body.id && data.status === 'delivered' && envelope !== tab.of('message:status', (d) => d.messageId === sent.body.id && d.status === 'delivered')[0], 500);
      expect(await sql(`select id from message_status_change where message_id = ? and status = 'delivered'`, [sent.body.id])).toHaveLength(1);
      expect((await history(james)).find((m) => m.id === sent.body.id)!.status).toBe('delivered');
    } finally {
      stack.simulator!.clearFaults();
    }
  });

  it('gives every client one order for 20 texts arriving at once in one conversation: live, sync and history agree, counters add up', async () => {
    const tabs = [new EventLog(await stack.connect(nurse)), new EventLog(await stack.connect(nurse)), new EventLog(await stack.connect(supervisor))];
    const start = Number((await sql<{ id: string }>('select coalesce(max(id), 0) as id from event_log'))[0]!.id);
    const conversationId = (await history(mariaId)).at(-1)!.conversationId;
    expect((await stack.request('POST', `/api/conversations/${conversationId}/read`, { token: nurse })).status).toBe(200);
    const unreadBefore = (await stack.request('GET', `/api/conversations/${conversationId}`, { token: nurse })).body.unread as number;

    // Twenty texts from Maria, plus ten from James to the same line, all in flight together.
    const maria = Array.from({ length: 20 }, (_, i) => inboundParams({ from: DEMO.maria, to: DEMO.cardiologyLine, body: `burst ${i}` }));
    const james = Array.from({ length: 10 }, (_, i) => inboundParams({ from: DEMO.james, to: DEMO.cardiologyLine, body: `other ${i}` }));
    const answers = await Promise.all([...maria, ...james].map((params) => postTwilioWebhook(stack, '/webhooks/twilio/inbound', params)));
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    const sids = new Set(maria.map((params) => params.MessageSid));

    const received = await Promise.all(tabs.map((tab) => tab.count('message:new', 20, (data) => sids.has(data.twilioSid), 20_000)));
    for (const tab of tabs) {
      // Logged events arrive in eventId order, each once.
      const logged = tab.events.map((event) => event.payload.eventId).filter((id) => id > start);
      expect(logged).toEqual([...new Set(logged)].sort((a, b) => a - b));
    }
    const order = (events: Envelope[]): string[] => events.filter((event) => sids.has(event.data.twilioSid)).map((event) => event.data.twilioSid as string);
    const live = order(received[0]!);
    expect(live).toHaveLength(20);
    expect(order(received[1]!)).toEqual(live);
    expect(order(received[2]!)).toEqual(live);

    // A tab that was away replays the same order.
    const replay = await ask(await stack.connect(nurse), 'sync', { afterEventId: start }, 5_000);
    expect(replay.ok).toBe(true);
    expect(order((replay.events as Envelope[]).filter((event) => event.type === 'message:new'))).toEqual(live);

    // History (what a reload shows: createdAt, id) is the same order, and so is the inbox.
    const thread = (await history(mariaId)).filter((m) => sids.has(m.twilioSid!));
    expect(thread.map((m) => m.twilioSid)).toEqual(live);
    const conversation = (await stack.request('GET', `/api/conversations/${conversationId}`, { token: nurse })).body;
    expect(conversation.unread).toBe(unreadBefore + 20);
    expect(conversation.lastMessage?.id).toBe(thread.at(-1)!.id);
    // The newest inbox:updated a client applied says the same as a reload.
    const lastInbox = tabs[0]!.of('inbox:updated', (data) => data.conversationId === conversationId).at(-1)!;
    expect(lastInbox.data.unread).toBe(unreadBefore + 20);
    expect(lastInbox.data.lastMessage.id).toBe(thread.at(-1)!.id);
    expect(lastInbox.data.lastMessageAt).toBe(conversation.lastMessageAt);
  });

  it('answers 200 to a webhook storm for new senders at once and creates one conversation per number', async () => {
    const number = '+16175550977';
    const params = Array.from({ length: 10 }, (_, i) => inboundParams({ from: number, to: DEMO.cardiologyLine, body: `new sender ${i}`, sid: fakeMessageSid() }));
    const answers = await Promise.all(params.map((p) => postTwilioWebhook(stack, '/webhooks/twilio/inbound', p)));
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    const conversations = await sql<{ id: string; unread: number }>('select id, unread from conversation where external_number = ?', [number]);
    expect(conversations).toHaveLength(1);
    expect(conversations[0]!.unread).toBe(10);
    expect(await sql('select id from message where conversation_id = ?', [conversations[0]!.id])).toHaveLength(10);
  });
});

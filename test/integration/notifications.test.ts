import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startTestStack, type TestStack } from '../support/test-stack';
import { ask, DEMO, EventLog, textLine } from '../support/realtime';
import { simulatorControl } from '../support/simulator-control';

/** The bell: notifications made from messaging's domain events, per user, with their unread total. */
describe('notifications', () => {
  const logLines: string[] = [];
  let stack: TestStack;
  let supervisor: string;
  let nurse: string;
  let coach: string;
  let supervisorId: string;
  let coachId: string;
  let organizationId: string;
  let patients: { id: string; name: string }[];

  beforeAll(async () => {
    stack = await startTestStack({ logLines });
    const [s, n, c] = await Promise.all(['supervisor@demo.test', 'nurse@demo.test', 'coach@demo.test'].map((email) => stack.login(email)));
    [supervisor, nurse, coach] = [s!.accessToken, n!.accessToken, c!.accessToken];
    supervisorId = s!.user.id;
    coachId = c!.user.id;
    organizationId = s!.user.organizationId;
    patients = (await stack.request('GET', '/api/patients', { token: supervisor })).body.items;
  });
  afterAll(() => stack.close());

  const patient = (name: string) => patients.find((candidate) => candidate.name === name)!;
  const list = async (token: string, cursor?: string) => (await stack.request('GET', `/api/notifications${cursor ? `?cursor=${cursor}` : ''}`, { token })).body;

  it('notifies the members of the team inbox of a text on an unassigned conversation, on every tab', async () => {
    const tabA = new EventLog(await stack.connect(nurse));
    const tabB = new EventLog(await stack.connect(nurse));
    const supervisorEvents = new EventLog(await stack.connect(supervisor));
    const coachEvents = new EventLog(await stack.connect(coach));

    const sid = await textLine(stack, DEMO.maria, DEMO.cardiologyLine, 'I have a question');
    const message = await tabA.next('message:new', (data) => data.twilioSid === sid);
    const pushed = await tabA.next('notification', (data) => data.messageId === message.data.id);
    expect(pushed.data).toEqual({
      id: expect.any(String),
      kind: 'inbound',
      patientId: patient('Maria Alvarez').id,
      conversationId: message.data.conversationId,
      messageId: message.data.id,
      text: 'New text from Maria Alvarez',
      createdAt: expect.any(String),
      unreadTotal: 1,
    });
    expect(pushed.eventId).toBeGreaterThan(message.eventId);
    await tabB.next('notification', (data) => data.id === pushed.data.id);
    await supervisorEvents.expectNone('notification');
    expect(coachEvents.of('notification')).toEqual([]);

    const page = await list(nurse);
    expect(page.unreadTotal).toBe(1);
    expect(page.items[0]).toMatchObject({ id: pushed.data.id, kind: 'inbound', text: 'New text from Maria Alvarez', readAt: null });
    expect((await list(coach)).items).toEqual([]);
  });

  it('notifies only the assignee once the conversation is assigned', async () => {
    const conversationId = (await list(nurse)).items[0].conversationId;
    expect((await stack.request('POST', `/api/conversations/${conversationId}/assign`, { token: supervisor, body: { userId: supervisorId } })).status).toBe(200);
    const nurseEvents = new EventLog(await stack.connect(nurse));
    const supervisorEvents = new EventLog(await stack.connect(supervisor));

    const sid = await textLine(stack, DEMO.maria, DEMO.cardiologyLine, 'for the assignee');
    const message = await supervisorEvents.next('message:new', (data) => data.twilioSid === sid);
    const pushed = await supervisorEvents.next('notification', (data) => data.messageId === message.data.id);
    expect(pushed.data).toMatchObject({ kind: 'inbound', text: 'New text from Maria Alvarez', unreadTotal: 1 });
    await nurseEvents.expectNone('notification', (data) => data.messageId === message.data.id);
  });

  it('tells the sender when their text was not delivered', async () => {
    const sim = simulatorControl(stack.simulator!.url);
    await sim.setFaults({ deliveryFailures: { [DEMO.linh]: 30003 } });
    const nurseEvents = new EventLog(await stack.connect(nurse));
    const supervisorEvents = new EventLog(await stack.connect(supervisor));
    const sent = await stack.request('POST', `/api/patients/${patient('Linh Tran').id}/messages`, { token: nurse, body: { body: 'Your appointment is at 9.', clientMessageId: randomUUID() } });
    expect(sent.status).toBe(202);
    const failed = await nurseEvents.next('notification', (data) => data.kind === 'failed', 10_000);
    expect(failed.data).toMatchObject({ messageId: sent.body.id, patientId: patient('Linh Tran').id, text: 'Your text to Linh Tran was not delivered (error 30003)' });
    await sim.clearFaults();
    await supervisorEvents.expectNone('notification', (data) => data.kind === 'failed');
  });

  it("tells the team when one of their patients opts out", async () => {
    const nurseEvents = new EventLog(await stack.connect(nurse));
    const coachEvents = new EventLog(await stack.connect(coach));
    await textLine(stack, DEMO.james, DEMO.cardiologyLine, 'STOP');
    const optOut = await nurseEvents.next('notification', (data) => data.kind === 'opt-out');
    expect(optOut.data).toMatchObject({ patientId: patient('James Okafor').id, text: 'James Okafor opted out of text messages', messageId: null });
    await coachEvents.expectNone('notification');
  });

  it('marks one or all read and pushes the new unread total to every tab of the user', async () => {
    const tabA = new EventLog(await stack.connect(nurse));
    const tabB = new EventLog(await stack.connect(nurse));
    const before = await list(nurse);
    expect(before.unreadTotal).toBeGreaterThanOrEqual(3);
    const first = before.items[0];

    const one = await stack.request('POST', `/api/notifications/${first.id}/read`, { token: nurse });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ unreadTotal: before.unreadTotal - 1 });
    for (const tab of [tabA, tabB]) {
      const event = await tab.next('notification:read');
      expect(event.data).toEqual({ notificationIds: [first.id], all: false, unreadTotal: before.unreadTotal - 1 });
    }
    tabA.clear();
    expect((await stack.request('POST', `/api/notifications/${first.id}/read`, { token: nurse })).body).toEqual({ unreadTotal: before.unreadTotal - 1 });
    await tabA.expectNone('notification:read');
    expect((await stack.request('POST', `/api/notifications/${first.id}/read`, { token: coach })).status).toBe(404);
    expect((await stack.request('POST', '/api/notifications/nope/read', { token: nurse })).status).toBe(404);

    const all = await stack.request('POST', '/api/notifications/read-all', { token: nurse });
    expect(all.body).toEqual({ unreadTotal: 0 });
    const pushed = await tabB.next('notification:read', (data) => data.all === true);
    expect(pushed.data).toEqual({ notificationIds: [], all: true, unreadTotal: 0 });
    const after = await list(nurse);
    expect(after.unreadTotal).toBe(0);
    expect(after.items.every((item: { readAt: string | null }) => item.readAt !== null)).toBe(true);
    // A tab that slept through it gets the same from sync.
    const replay = await ask(await stack.connect(nurse), 'sync', { afterEventId: tabB.of('notification:read')[0]!.eventId - 1 });
    expect(replay.events.filter((event: { type: string }) => event.type === 'notification:read').at(-1).data.unreadTotal).toBe(0);
  });

  it('pages newest first with a cursor', async () => {
    const db = new Client({ connectionString: stack.config.database.url! });
    await db.connect();
    try {
      await db.query(
        `insert into notification (id, created_at, organization_id, user_id, kind, text)
         select gen_random_uuid(), now() - make_interval(secs => n), $1, $2, 'inbound', 'paged ' || n from generate_series(1, 35) as n`,
        [organizationId, coachId],
      );
    } finally {
      await db.end();
    }
    const first = await list(coach);
    expect(first.items).toHaveLength(30);
    expect(first.unreadTotal).toBe(35);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(coach, first.nextCursor);
    expect(second.items).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((item: { text: string }) => item.text)).toEqual(Array.from({ length: 35 }, (_, i) => `paged ${i + 1}`));
    expect((await stack.request('GET', '/api/notifications?cursor=garbage', { token: coach })).status).toBe(422);
  });

  it('never writes notification texts (patient names) to the logs', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const leaked = logLines.filter((line) => /New text from|opted out of text messages|was not delivered|Maria Alvarez|Linh Tran|James Okafor/.test(line));
    expect(leaked).toEqual([]);
  });
});

import { io } from 'socket.io-client';
import { startTestStack, type TestStack } from '../support/test-stack';
import { ask, DEMO, EventLog, textLine } from '../support/realtime';
import { waitFor } from '../support/wait';

/** Who receives what: rooms by permission, computed from the data, kept current while connected. */
describe('realtime audience', () => {
  let stack: TestStack;
  let admin: string;
  let supervisor: string;
  let nurse: string;
  let coach: string;
  let nurseId: string;
  let coachId: string;
  let cardiology: string;
  let diabetes: string;
  let mariaId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    const [a, s, n, c] = await Promise.all(['admin@demo.test', 'supervisor@demo.test', 'nurse@demo.test', 'coach@demo.test'].map((email) => stack.login(email)));
    [admin, supervisor, nurse, coach] = [a!.accessToken, s!.accessToken, n!.accessToken, c!.accessToken];
    nurseId = n!.user.id;
    coachId = c!.user.id;
    cardiology = n!.user.teamIds[0]!;
    diabetes = c!.user.teamIds[0]!;
    mariaId = (await stack.request('GET', '/api/patients?search=Maria', { token: nurse })).body.items[0].id;
  });
  afterAll(() => stack.close());

  const setTeams = (userId: string, teamIds: string[], token = admin) => stack.request('PUT', `/api/admin/users/${userId}/teams`, { token, body: { teamIds } });

  it("pushes a patient's events to their team and supervisors, never to another team; personal events only to their user", async () => {
    const nurseEvents = new EventLog(await stack.connect(nurse));
    const supervisorEvents = new EventLog(await stack.connect(supervisor));
    const coachEvents = new EventLog(await stack.connect(coach));

    const sid = await textLine(stack, DEMO.maria, DEMO.cardiologyLine, 'audience check');
    const toNurse = await nurseEvents.next('message:new', (data) => data.twilioSid === sid);
    await supervisorEvents.next('message:new', (data) => data.twilioSid === sid);
    const inbox = await nurseEvents.next('inbox:updated', (data) => data.conversationId === toNurse.data.conversationId);
    expect(inbox.data).toMatchObject({
      status: 'open',
      patientId: mariaId,
      patientName: 'Maria Alvarez',
      phoneNumber: DEMO.maria,
      waitingSince: expect.any(String),
      lastMessage: { id: toNurse.data.id, direction: 'inbound', body: 'audience check', status: 'received' },
    });
    await supervisorEvents.next('inbox:updated', (data) => data.conversationId === toNurse.data.conversationId);
    // The bell: an unassigned conversation notifies the team's members, not supervisors.
    const notification = await nurseEvents.next('notification', (data) => data.messageId === toNurse.data.id);
    expect(notification.data).toMatchObject({ kind: 'inbound', patientId: mariaId, text: 'New text from Maria Alvarez', unreadTotal: expect.any(Number) });

    const aishaSid = await textLine(stack, DEMO.aisha, DEMO.diabetesLine, 'other team');
    await coachEvents.next('message:new', (data) => data.twilioSid === aishaSid);
    await supervisorEvents.next('message:new', (data) => data.twilioSid === aishaSid);

    await coachEvents.expectNone('message:new', (data) => data.twilioSid === sid);
    expect(coachEvents.of('inbox:updated', (data) => data.conversationId === toNurse.data.conversationId)).toEqual([]);
    expect(coachEvents.of('notification', (data) => data.messageId === toNurse.data.id)).toEqual([]);
    expect(supervisorEvents.of('notification', (data) => data.messageId === toNurse.data.id)).toEqual([]);
    expect(nurseEvents.of('message:new', (data) => data.twilioSid === aishaSid)).toEqual([]);
  });

  it("stops a member's sockets receiving a team's events as soon as they leave it, without reconnecting", async () => {
    const socket = await stack.connect(nurse);
    const events = new EventLog(socket);
    const supervisorEvents = new EventLog(await stack.connect(supervisor));
    let disconnects = 0;
    socket.on('disconnect', () => disconnects++);
    const socketId = socket.id;
    expect(await ask(socket, 'thread:watch', { patientId: mariaId })).toEqual({ ok: true });
    const before = await ask(socket, 'sync', { afterEventId: 0 });
    const lastSeen = Math.max(0, ...before.events.map((event: { eventId: number }) => event.eventId));

    const removed = await setTeams(nurseId, []);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: nurseId, teamIds: [] });

    const sid = await textLine(stack, DEMO.maria, DEMO.cardiologyLine, 'after removal');
    await supervisorEvents.next('message:new', (data) => data.twilioSid === sid);
    // Neither the team room nor the thread room still holds the socket.
    await events.expectNone('message:new', (data) => data.twilioSid === sid, 1000);
    expect(events.of('inbox:updated', (data) => data.patientId === mariaId && data.lastMessage?.body === 'after removal')).toEqual([]);
    expect(socket.connected).toBe(true);
    expect(socket.id).toBe(socketId);
    expect(disconnects).toBe(0);
    // Nor can it catch up on, or watch again, what it may no longer see.
    const replay = await ask(socket, 'sync', { afterEventId: lastSeen });
    expect(replay.ok).toBe(true);
    expect(replay.events.filter((event: { type: string }) => event.type !== 'notification' && event.type !== 'read:updated')).toEqual([]);
    expect(await ask(socket, 'thread:watch', { patientId: mariaId })).toEqual({ ok: false, error: 'Patient not found' });

    // Joining a team works the same way: the same socket starts receiving at once.
    expect((await setTeams(nurseId, [diabetes])).status).toBe(200);
    const aishaSid = await textLine(stack, DEMO.aisha, DEMO.diabetesLine, 'new team');
    await events.next('message:new', (data) => data.twilioSid === aishaSid, 2000);

    expect((await setTeams(nurseId, [cardiology])).status).toBe(200);
    const backSid = await textLine(stack, DEMO.maria, DEMO.cardiologyLine, 'back again');
    await events.next('message:new', (data) => data.twilioSid === backSid, 2000);
    expect(socket.id).toBe(socketId);
    expect(disconnects).toBe(0);
  });

  it('validates membership changes and lets only admins make them', async () => {
    expect((await setTeams(nurseId, [diabetes], supervisor)).status).toBe(403);
    expect((await setTeams(nurseId, [diabetes], nurse)).status).toBe(403);
    const unknownTeam = await setTeams(nurseId, ['00000000-0000-4000-8000-000000000000']);
    expect(unknownTeam.status).toBe(422);
    expect(unknownTeam.body.message).toMatch(/teamIds/);
    const notUuid = await setTeams(nurseId, ['cardiology']);
    expect(notUuid.status).toBe(422);
    expect(notUuid.body.message).toMatch(/teamIds/);
    expect((await stack.request('PUT', `/api/admin/users/${nurseId}/teams`, { token: admin, body: {} })).status).toBe(422);
    expect((await setTeams('00000000-0000-4000-8000-000000000000', [])).status).toBe(404);
    const list = await stack.request('GET', '/api/admin/users', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.items.find((user: { id: string }) => user.id === nurseId)).toMatchObject({ teamIds: [cardiology], disabledAt: null });
    expect((await stack.request('GET', '/api/admin/users', { token: nurse })).status).toBe(403);
  });

  it('disconnects a disabled user at once and refuses them everywhere until enabled again', async () => {
    const socket = await stack.connect(coach);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const disabled = await stack.request('POST', `/api/admin/users/${coachId}/disable`, { token: admin });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toEqual(expect.any(String));
    expect(await disconnected).toBe('io server disconnect');

    const refusal = await new Promise<Error & { data?: unknown }>((resolve, reject) => {
      const again = io(stack.url, { auth: { token: coach }, transports: ['websocket'], reconnection: false, forceNew: true });
      again.once('connect', () => {
        again.disconnect();
        reject(new Error('a disabled user connected'));
      });
      again.once('connect_error', (error) => {
        again.disconnect();
        resolve(error);
      });
    });
    expect(refusal.message).toMatch(/disabled/);
    expect(refusal.data).toEqual({ statusCode: 401, code: 'unauthorized' });
    expect((await stack.request('GET', '/api/patients', { token: coach })).status).toBe(401);
    expect((await stack.request('POST', '/api/auth/login', { body: { email: 'coach@demo.test', password: 'demo-password' } })).status).toBe(401);
    expect((await stack.request('POST', `/api/admin/users/${(await stack.login('admin@demo.test')).user.id}/disable`, { token: admin })).status).toBe(409);

    expect((await stack.request('POST', `/api/admin/users/${coachId}/enable`, { token: admin })).body.disabledAt).toBeNull();
    expect((await stack.request('GET', '/api/patients', { token: coach })).status).toBe(200);
    const back = await stack.connect(coach);
    await waitFor(() => (back.connected ? true : undefined), { what: 'reconnected coach' });
  });
});

import { Client } from 'pg';
import { io } from 'socket.io-client';
import { MAX_SYNC_EVENTS } from '@care/shared';
import { startTestStack, type TestStack } from '../support/test-stack';
import { ask, DEMO, EventLog, textLine } from '../support/realtime';

/** Gap-free delivery: `sync` replays exactly what a client missed, or tells it to reload. */
describe('realtime sync', () => {
  let stack: TestStack;
  let supervisor: string;
  let nurse: string;
  let coach: string;
  let supervisorId: string;
  let organizationId: string;
  let cardiology: string;
  let db: Client;

  beforeAll(async () => {
    stack = await startTestStack();
    const [s, n, c] = await Promise.all(['supervisor@demo.test', 'nurse@demo.test', 'coach@demo.test'].map((email) => stack.login(email)));
    [supervisor, nurse, coach] = [s!.accessToken, n!.accessToken, c!.accessToken];
    supervisorId = s!.user.id;
    organizationId = n!.user.organizationId;
    cardiology = n!.user.teamIds[0]!;
    db = new Client({ connectionString: stack.config.database.url! });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await stack.close();
  });

  const lastEventId = async (): Promise<number> => Number((await db.query('select coalesce(max(id), 0) as id from event_log')).rows[0].id);

  it('replays exactly the 20 events a disconnected tab missed, in order, and nothing of another team', async () => {
    // Maria's conversation is assigned to the supervisor, so the nurse gets no bell entries:
    // each text is then exactly two events for her (message:new + inbox:updated).
    const oracle = new EventLog(await stack.connect(nurse)); // a tab that stays online
    await textLine(stack, DEMO.maria, DEMO.cardiologyLine, 'start');
    await oracle.next('notification', (data) => data.text === 'New text from Maria Alvarez');
    const inbox = await stack.request('GET', '/api/inbox', { token: supervisor });
    const maria = inbox.body.items.find((item: { phoneNumber: string }) => item.phoneNumber === DEMO.maria);
    expect((await stack.request('POST', `/api/conversations/${maria.id}/assign`, { token: supervisor, body: { userId: supervisorId } })).status).toBe(200);
    await oracle.next('inbox:updated', (data) => data.assigneeId === supervisorId);

    const sleeper = await stack.connect(nurse); // the tab that goes to sleep
    const seen = await lastEventId();
    sleeper.disconnect();

    for (let i = 1; i <= 10; i++) {
      await textLine(stack, DEMO.maria, DEMO.cardiologyLine, `missed ${i}`);
      if (i % 2 === 0) await textLine(stack, DEMO.aisha, DEMO.diabetesLine, `diabetes ${i}`);
    }
    const live = await oracle.count('message:new', 10, (data) => data.body.startsWith('missed'));
    await oracle.count('inbox:updated', 10, (data) => data.lastMessage?.body?.startsWith('missed'));

    const woken = await stack.connect(nurse);
    const replay = await ask(woken, 'sync', { afterEventId: seen });
    expect(replay.ok).toBe(true);
    const events = replay.events as { eventId: number; type: string; data: any }[];
    expect(events).toHaveLength(20);
    // Exactly the ids the online tab received live, strictly increasing.
    const liveIds = oracle.events.filter((event) => event.payload.eventId > seen && event.payload.eventId > 0).map((event) => event.payload.eventId);
    expect(events.map((event) => event.eventId)).toEqual(liveIds);
    expect(events.map((event) => event.eventId)).toEqual([...liveIds].sort((a, b) => a - b));
    expect(new Set(liveIds).size).toBe(20);
    expect(events.filter((event) => event.type === 'message:new').map((event) => event.data.body)).toEqual(Array.from({ length: 10 }, (_, i) => `missed ${i + 1}`));
    expect(events.every((event) => event.type === 'message:new' || event.type === 'inbox:updated')).toBe(true);
    expect(events.every((event) => (event.type === 'message:new' ? event.data.from : event.data.phoneNumber) === DEMO.maria)).toBe(true);
    expect(live.map((event) => event.eventId)).toEqual(events.filter((event) => event.type === 'message:new').map((event) => event.eventId));

    // The supervisor's replay of the same window holds the other team's texts too.
    const overseer = await ask(await stack.connect(supervisor), 'sync', { afterEventId: seen });
    expect(overseer.events.filter((event: { type: string; data: any }) => event.type === 'message:new' && event.data.body.startsWith('diabetes'))).toHaveLength(5);
  });

  it(`replays up to ${MAX_SYNC_EVENTS} events and answers resync beyond`, async () => {
    const socket = await stack.connect(nurse);
    const coachSocket = await stack.connect(coach);
    const from = await lastEventId();
    await db.query(
      `insert into event_log (organization_id, type, data, team_id, line_id, patient_id, user_id, created_at)
       select $1, 'inbox:updated', jsonb_build_object('n', n), $2, null, null, null, now() from generate_series(1, $3) as n`,
      [organizationId, cardiology, MAX_SYNC_EVENTS],
    );
    const full = await ask(socket, 'sync', { afterEventId: from }, 5000);
    expect(full.ok).toBe(true);
    expect(full.events).toHaveLength(MAX_SYNC_EVENTS);
    expect(full.events.map((event: { data: { n: number } }) => event.data.n)).toEqual(Array.from({ length: MAX_SYNC_EVENTS }, (_, i) => i + 1));
    // The limit counts only what the user may see: another team is not "behind" at all.
    expect(await ask(coachSocket, 'sync', { afterEventId: from })).toEqual({ ok: true, events: [] });

    await db.query(`insert into event_log (organization_id, type, data, team_id, created_at) values ($1, 'inbox:updated', '{}', $2, now())`, [organizationId, cardiology]);
    expect(await ask(socket, 'sync', { afterEventId: from }, 5000)).toEqual({ ok: false, error: 'resync' });
    // Caught up from a recent position, the same socket is fine again.
    expect((await ask(socket, 'sync', { afterEventId: (await lastEventId()) - 1 })).events).toHaveLength(1);
  });

  it('answers every acknowledged call within its timeout, with a clear error for a bad payload', async () => {
    const socket = await stack.connect(nurse);
    const cases: [string, unknown, string][] = [
      ['sync', {}, 'afterEventId must be a non-negative integer'],
      ['sync', { afterEventId: '5' }, 'afterEventId must be a non-negative integer'],
      ['sync', { afterEventId: 1.5 }, 'afterEventId must be a non-negative integer'],
      ['sync', null, 'afterEventId must be a non-negative integer'],
      ['thread:watch', {}, 'patientId is required'],
      ['thread:watch', { patientId: 42 }, 'patientId is required'],
      ['thread:watch', 'nonsense', 'patientId is required'],
      ['thread:watch', { patientId: 'not-a-uuid' }, 'Patient not found'],
      ['thread:unwatch', {}, 'patientId is required'],
      ['thread:typing', { patientId: '00000000-0000-4000-8000-000000000000' }, 'Watch the thread (thread:watch) before typing in it'],
    ];
    for (const [event, payload, error] of cases) {
      const started = Date.now();
      expect([event, await ask(socket, event, payload, 2000)]).toEqual([event, { ok: false, error }]);
      expect(Date.now() - started).toBeLessThan(2000);
    }
    expect(socket.connected).toBe(true);
  });

  it('refuses a bad token at the handshake with an error clients can tell from a network fault', async () => {
    const error = await new Promise<Error & { data?: unknown }>((resolve, reject) => {
      const socket = io(stack.url, { auth: { token: 'not-a-token' }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.once('connect', () => {
        socket.disconnect();
        reject(new Error('connected with a bad token'));
      });
      socket.once('connect_error', (refusal) => {
        socket.disconnect();
        resolve(refusal);
      });
    });
    expect(error.message).toBe('Invalid or expired token');
    expect(error.data).toEqual({ statusCode: 401, code: 'unauthorized' });
  });
});

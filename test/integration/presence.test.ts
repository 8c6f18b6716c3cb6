import { TYPING_TTL_MS } from '@care/shared';
import { startTestStack, type TestStack } from '../support/test-stack';
import { ask, EventLog } from '../support/realtime';

const names = (people: { name: string }[]) => people.map((person) => person.name);

/** Who is viewing and who is typing in a thread: ephemeral, to the thread's watchers only. */
describe('presence', () => {
  let stack: TestStack;
  let supervisor: string;
  let nurse: string;
  let coach: string;
  let mariaId: string;
  let jamesId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    [supervisor, nurse, coach] = await Promise.all(['supervisor@demo.test', 'nurse@demo.test', 'coach@demo.test'].map(async (email) => (await stack.login(email)).accessToken));
    const patients = (await stack.request('GET', '/api/patients', { token: nurse })).body.items as { id: string; name: string }[];
    mariaId = patients.find((patient) => patient.name === 'Maria Alvarez')!.id;
    jamesId = patients.find((patient) => patient.name === 'James Okafor')!.id;
  });
  afterAll(() => stack.close());

  it('announces viewers as they watch, unwatch and disconnect, counting a user with two tabs once', async () => {
    const nurseSocket = await stack.connect(nurse);
    const nurseEvents = new EventLog(nurseSocket);
    expect(await ask(nurseSocket, 'thread:watch', { patientId: mariaId })).toEqual({ ok: true });
    const alone = await nurseEvents.next('presence', (data) => data.patientId === mariaId);
    expect(alone).toMatchObject({ eventId: 0, type: 'presence', at: expect.any(String) });
    expect(alone.data).toEqual({ patientId: mariaId, viewers: [{ id: expect.any(String), name: 'Nina Nurse' }], typing: [] });

    const supervisorSocket = await stack.connect(supervisor);
    const supervisorEvents = new EventLog(supervisorSocket);
    await ask(supervisorSocket, 'thread:watch', { patientId: mariaId });
    for (const events of [nurseEvents, supervisorEvents]) {
      await events.next('presence', (data) => names(data.viewers).join() === 'Nina Nurse,Sam Supervisor');
    }

    const secondTab = await stack.connect(nurse);
    nurseEvents.clear();
    await ask(secondTab, 'thread:watch', { patientId: mariaId });
    const withTwoTabs = await nurseEvents.next('presence');
    expect(names(withTwoTabs.data.viewers)).toEqual(['Nina Nurse', 'Sam Supervisor']);

    // Watchers of another thread hear nothing of this one.
    const otherSocket = await stack.connect(supervisor);
    const otherThread = new EventLog(otherSocket);
    await ask(otherSocket, 'thread:watch', { patientId: jamesId });

    nurseEvents.clear();
    expect(await ask(supervisorSocket, 'thread:unwatch', { patientId: mariaId })).toEqual({ ok: true });
    expect(names((await nurseEvents.next('presence')).data.viewers)).toEqual(['Nina Nurse']);

    nurseEvents.clear();
    await ask(supervisorSocket, 'thread:watch', { patientId: mariaId });
    await nurseEvents.next('presence', (data) => data.viewers.length === 2);
    nurseEvents.clear();
    supervisorSocket.disconnect();
    expect(names((await nurseEvents.next('presence')).data.viewers)).toEqual(['Nina Nurse']);

    nurseEvents.clear();
    secondTab.disconnect();
    // The first tab is still there: the nurse is still a viewer.
    expect(names((await nurseEvents.next('presence')).data.viewers)).toEqual(['Nina Nurse']);
    expect(otherThread.of('presence', (data) => data.patientId === mariaId)).toEqual([]);
    expect(otherThread.of('presence', (data) => data.patientId === jamesId)).not.toEqual([]);
  });

  it('shows who is typing until a few seconds of silence, across watchers', async () => {
    const nurseSocket = await stack.connect(nurse);
    const supervisorSocket = await stack.connect(supervisor);
    const nurseEvents = new EventLog(nurseSocket);
    await ask(nurseSocket, 'thread:watch', { patientId: jamesId });
    await ask(supervisorSocket, 'thread:watch', { patientId: jamesId });
    await nurseEvents.next('presence', (data) => data.viewers.length === 2);

    const started = Date.now();
    expect(await ask(supervisorSocket, 'thread:typing', { patientId: jamesId })).toEqual({ ok: true });
    const typing = await nurseEvents.next('presence', (data) => data.typing.length === 1);
    expect(typing.data.typing).toEqual([{ id: expect.any(String), name: 'Sam Supervisor', until: expect.any(String) }]);
    const until = Date.parse(typing.data.typing[0].until);
    expect(until - started).toBeGreaterThan(TYPING_TTL_MS - 1000);
    expect(until - started).toBeLessThanOrEqual(TYPING_TTL_MS + 1000);

    // Typing again within the window keeps it alive past the first expiry.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const renewedAt = Date.now();
    await ask(supervisorSocket, 'thread:typing', { patientId: jamesId });
    const stopped = await nurseEvents.next('presence', (data, envelope) => data.typing.length === 0 && Date.parse(envelope.at) > started, TYPING_TTL_MS + 3000);
    const lapsedAfter = Date.parse(stopped.at) - renewedAt;
    expect(lapsedAfter).toBeGreaterThanOrEqual(TYPING_TTL_MS - 200);
    expect(lapsedAfter).toBeLessThan(TYPING_TTL_MS + 2000);
    expect(names(stopped.data.viewers)).toEqual(['Nina Nurse', 'Sam Supervisor']);
  });

  it('stops typing on unwatch, refuses typing in an unwatched thread and watching a hidden one, and never logs presence', async () => {
    const nurseSocket = await stack.connect(nurse);
    const supervisorSocket = await stack.connect(supervisor);
    const nurseEvents = new EventLog(nurseSocket);
    await ask(nurseSocket, 'thread:watch', { patientId: mariaId });
    await ask(supervisorSocket, 'thread:watch', { patientId: mariaId });
    await ask(supervisorSocket, 'thread:typing', { patientId: mariaId });
    await nurseEvents.next('presence', (data) => data.typing.length === 1);
    nurseEvents.clear();
    await ask(supervisorSocket, 'thread:unwatch', { patientId: mariaId });
    const after = await nurseEvents.next('presence');
    expect(after.data).toMatchObject({ typing: [], viewers: [{ name: 'Nina Nurse' }] });

    expect(await ask(supervisorSocket, 'thread:typing', { patientId: mariaId })).toEqual({ ok: false, error: 'Watch the thread (thread:watch) before typing in it' });
    const coachSocket = await stack.connect(coach);
    expect(await ask(coachSocket, 'thread:watch', { patientId: mariaId })).toEqual({ ok: false, error: 'Patient not found' });
    expect(await ask(coachSocket, 'thread:typing', { patientId: mariaId })).toMatchObject({ ok: false });

    const replay = await ask(nurseSocket, 'sync', { afterEventId: 0 });
    expect(replay.events.filter((event: { type: string }) => event.type === 'presence')).toEqual([]);
  });
});

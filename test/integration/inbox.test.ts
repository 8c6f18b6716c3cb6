import { randomUUID } from 'node:crypto';
import { startTestStack, type TestStack } from '../support/test-stack';
import { ask, DEMO, EventLog, textLine } from '../support/realtime';
import { simulatorControl } from '../support/simulator-control';
import { waitFor } from '../support/wait';

interface Conversation {
  id: string;
  lineId: string;
  patientId: string | null;
  phoneNumber: string;
  status: 'open' | 'closed';
  assigneeId: string | null;
  assigneeName: string | null;
  unread: number;
  myUnread: number;
  waitingSince: string | null;
  lastMessage: { body: string } | null;
}

/** Shared inboxes: filters, waiting time, assignment, close/reopen, per-user read state, totals. */
describe('shared inboxes', () => {
  let stack: TestStack;
  let admin: string;
  let supervisor: string;
  let nurse: string;
  let coach: string;
  let nurseId: string;
  let coachId: string;
  let supervisorId: string;
  let cardiology: string;
  let diabetes: string;
  let lines: { id: string; name: string; number: string }[];

  beforeAll(async () => {
    stack = await startTestStack();
    const [a, s, n, c] = await Promise.all(['admin@demo.test', 'supervisor@demo.test', 'nurse@demo.test', 'coach@demo.test'].map((email) => stack.login(email)));
    [admin, supervisor, nurse, coach] = [a!.accessToken, s!.accessToken, n!.accessToken, c!.accessToken];
    [nurseId, coachId, supervisorId] = [n!.user.id, c!.user.id, s!.user.id];
    cardiology = n!.user.teamIds[0]!;
    diabetes = c!.user.teamIds[0]!;
    lines = (await stack.request('GET', '/api/lines', { token: supervisor })).body.items;
  });
  afterAll(() => stack.close());

  const inbox = async (token: string, query = ''): Promise<Conversation[]> => {
    const response = await stack.request('GET', `/api/inbox${query}`, { token });
    expect(response.status).toBe(200);
    return response.body.items;
  };
  const find = async (token: string, number: string, query = ''): Promise<Conversation | undefined> => (await inbox(token, query)).find((item) => item.phoneNumber === number);
  const act = (token: string, id: string, action: string, body?: unknown) => stack.request('POST', `/api/conversations/${id}/${action}`, { token, body });
  const lineOf = (number: string) => lines.find((line) => line.number === number)!;

  it('keeps the waiting time from the oldest unanswered text until a staff reply, and filters by it', async () => {
    await textLine(stack, DEMO.james, DEMO.cardiologyLine, 'first question');
    const first = (await find(nurse, DEMO.james))!;
    expect(first).toMatchObject({ status: 'open', assigneeId: null, unread: 1, myUnread: 1, waitingSince: expect.any(String) });
    expect(first.lastMessage).toMatchObject({ body: 'first question' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await textLine(stack, DEMO.james, DEMO.cardiologyLine, 'second question');
    const second = (await find(nurse, DEMO.james))!;
    expect(second.waitingSince).toBe(first.waitingSince);
    expect(second).toMatchObject({ unread: 2, myUnread: 2 });
    expect(await find(nurse, DEMO.james, '?filter=waiting')).toBeDefined();
    expect(await find(nurse, DEMO.james, '?filter=unassigned')).toBeDefined();
    expect(await find(nurse, DEMO.james, '?filter=mine')).toBeUndefined();

    const reply = await stack.request('POST', `/api/patients/${first.patientId}/messages`, { token: nurse, body: { body: 'We are on it.', clientMessageId: randomUUID() } });
    expect(reply.status).toBe(202);
    const answered = await waitFor(async () => {
      const item = await find(nurse, DEMO.james);
      return item?.waitingSince === null ? item : undefined;
    }, { what: 'waitingSince cleared' });
    expect(answered.unread).toBe(0);
    // Replying marks the conversation read for the sender (and only for them).
    await waitFor(async () => ((await find(nurse, DEMO.james))?.myUnread === 0 ? true : undefined), { what: 'sender read state' });
    expect((await find(supervisor, DEMO.james))!.myUnread).toBe(2);
    expect(await find(nurse, DEMO.james, '?filter=waiting')).toBeUndefined();
  });

  it('lets members take conversations and supervisors assign anyone who can see them, pushing inbox:updated', async () => {
    await textLine(stack, DEMO.linh, DEMO.cardiologyLine, 'please call me');
    const conversation = (await find(nurse, DEMO.linh))!;
    const nurseEvents = new EventLog(await stack.connect(nurse));
    const supervisorEvents = new EventLog(await stack.connect(supervisor));
    const coachEvents = new EventLog(await stack.connect(coach));

    const taken = await act(nurse, conversation.id, 'assign', { userId: nurseId });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ id: conversation.id, assigneeId: nurseId, assigneeName: 'Nina Nurse' });
    for (const events of [nurseEvents, supervisorEvents]) {
      const event = await events.next('inbox:updated', (data) => data.conversationId === conversation.id && data.assigneeId === nurseId);
      expect(event.data).toMatchObject({ assigneeName: 'Nina Nurse', status: 'open', patientId: conversation.patientId, lineId: lineOf(DEMO.cardiologyLine).id });
    }
    await coachEvents.expectNone('inbox:updated', (data) => data.conversationId === conversation.id);
    expect(await find(nurse, DEMO.linh, '?filter=mine')).toBeDefined();
    expect(await find(nurse, DEMO.linh, '?filter=unassigned')).toBeUndefined();
    expect(await find(supervisor, DEMO.linh, '?filter=mine')).toBeUndefined();

    // The same assignment again changes nothing and pushes nothing.
    nurseEvents.clear();
    expect((await act(nurse, conversation.id, 'assign', { userId: nurseId })).status).toBe(200);
    await nurseEvents.expectNone('inbox:updated', (data) => data.conversationId === conversation.id);

    expect((await act(nurse, conversation.id, 'assign', { userId: supervisorId })).status).toBe(403);
    expect((await act(coach, conversation.id, 'assign', { userId: coachId })).status).toBe(404);
    const cannotSee = await act(supervisor, conversation.id, 'assign', { userId: coachId });
    expect(cannotSee.status).toBe(422);
    expect(cannotSee.body.message).toMatch(/userId/);
    expect((await act(supervisor, conversation.id, 'assign', { userId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    const missing = await act(supervisor, conversation.id, 'assign', {});
    expect(missing.status).toBe(422);
    expect(missing.body.message).toMatch(/userId/);
    expect((await act(supervisor, 'not-a-uuid', 'assign', { userId: null })).status).toBe(404);

    // A second member of the team may not unassign a colleague; a supervisor may.
    expect((await stack.request('PUT', `/api/admin/users/${coachId}/teams`, { token: admin, body: { teamIds: [diabetes, cardiology] } })).status).toBe(200);
    expect((await act(coach, conversation.id, 'assign', { userId: null })).status).toBe(403);
    expect((await act(coach, conversation.id, 'assign', { userId: coachId })).status).toBe(403);
    const byCoach = await act(supervisor, conversation.id, 'assign', { userId: coachId });
    expect(byCoach.body).toMatchObject({ assigneeId: coachId, assigneeName: 'Cody Coach' });
    expect((await act(coach, conversation.id, 'assign', { userId: null })).body.assigneeId).toBeNull();
    expect((await stack.request('PUT', `/api/admin/users/${coachId}/teams`, { token: admin, body: { teamIds: [diabetes] } })).status).toBe(200);
    expect((await act(supervisor, conversation.id, 'assign', { userId: nurseId })).body.assigneeId).toBe(nurseId);
  });

  it('closes and reopens, and a new inbound text reopens a closed conversation for everyone watching', async () => {
    await textLine(stack, DEMO.robert, DEMO.cardiologyLine, 'thanks, all good');
    const conversation = (await find(nurse, DEMO.robert))!;
    const supervisorEvents = new EventLog(await stack.connect(supervisor));

    const closed = await act(nurse, conversation.id, 'close');
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    await supervisorEvents.next('inbox:updated', (data) => data.conversationId === conversation.id && data.status === 'closed');
    expect(await find(nurse, DEMO.robert)).toBeUndefined();
    expect(await find(nurse, DEMO.robert, '?filter=closed')).toBeDefined();
    expect(await find(nurse, DEMO.robert, '?filter=waiting')).toBeUndefined();

    await textLine(stack, DEMO.robert, DEMO.cardiologyLine, 'one more thing');
    const reopened = await supervisorEvents.next('inbox:updated', (data) => data.conversationId === conversation.id && data.status === 'open');
    expect(reopened.data.lastMessage).toMatchObject({ body: 'one more thing', direction: 'inbound' });
    expect((await find(nurse, DEMO.robert))!.status).toBe('open');

    expect((await act(supervisor, conversation.id, 'close')).body.status).toBe('closed');
    expect((await act(coach, conversation.id, 'reopen')).status).toBe(404);
    const reopenedByHand = await act(nurse, conversation.id, 'reopen');
    expect(reopenedByHand.body.status).toBe('open');
    await supervisorEvents.next('inbox:updated', (data) => data.conversationId === conversation.id && data.status === 'open' && data.lastMessage === undefined);
  });

  it('keeps read state per user and pushes it to every tab of that user only', async () => {
    await textLine(stack, DEMO.maria, DEMO.cardiologyLine, 'are you there?');
    const conversation = (await find(nurse, DEMO.maria))!;
    expect(conversation.myUnread).toBeGreaterThan(0);
    const tabA = new EventLog(await stack.connect(nurse));
    const tabB = new EventLog(await stack.connect(nurse));
    const supervisorEvents = new EventLog(await stack.connect(supervisor));
    const supervisorUnread = (await find(supervisor, DEMO.maria))!.myUnread;

    const read = await act(nurse, conversation.id, 'read');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ conversationId: conversation.id, myUnread: 0, lastReadAt: expect.any(String) });
    for (const tab of [tabA, tabB]) {
      const event = await tab.next('read:updated', (data) => data.conversationId === conversation.id);
      expect(event.data).toMatchObject({ myUnread: 0, lineId: conversation.lineId, patientId: conversation.patientId });
      expect(event.eventId).toBeGreaterThan(0);
    }
    await supervisorEvents.expectNone('read:updated');
    expect((await find(nurse, DEMO.maria))!.myUnread).toBe(0);
    expect((await find(supervisor, DEMO.maria))!.myUnread).toBe(supervisorUnread);
    expect((await find(nurse, DEMO.maria))!.unread).toBe(conversation.unread); // the team's count is untouched

    // Nothing new to read: nothing pushed. A tab that was asleep catches up through sync.
    tabA.clear();
    expect((await act(nurse, conversation.id, 'read')).body.myUnread).toBe(0);
    await tabA.expectNone('read:updated');
    const sleeper = await stack.connect(nurse);
    const replay = await ask(sleeper, 'sync', { afterEventId: 0 });
    expect(replay.events.filter((event: { type: string; data: { conversationId: string } }) => event.type === 'read:updated' && event.data.conversationId === conversation.id)).toHaveLength(1);
    const coachReplay = await ask(await stack.connect(coach), 'sync', { afterEventId: 0 });
    expect(coachReplay.events.filter((event: { type: string }) => event.type === 'read:updated')).toEqual([]);

    await textLine(stack, DEMO.maria, DEMO.cardiologyLine, 'hello again');
    expect((await find(nurse, DEMO.maria))!.myUnread).toBe(1);
    expect((await act(coach, conversation.id, 'read')).status).toBe(404);
  });

  it('answers 404 for inboxes of another team and 422 for an unknown filter', async () => {
    const diabetesLine = lineOf(DEMO.diabetesLine);
    expect((await stack.request('GET', `/api/inbox?lineId=${diabetesLine.id}`, { token: nurse })).status).toBe(404);
    expect((await stack.request('GET', '/api/inbox?lineId=nope', { token: nurse })).status).toBe(404);
    expect((await stack.request('GET', `/api/inbox?lineId=${diabetesLine.id}`, { token: supervisor })).status).toBe(200);
    const bad = await stack.request('GET', '/api/inbox?filter=everything', { token: nurse });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/filter/);
    expect((await stack.request('GET', '/api/inbox/summary')).status).toBe(401);
  });

  it('gives supervisors totals per line that agree with the inbox lists, members only their own lines', async () => {
    const sim = simulatorControl(stack.simulator!.url);
    await sim.setFaults({ deliveryFailures: { [DEMO.grace]: 30003 } });
    await textLine(stack, DEMO.tom, DEMO.diabetesLine, 'sugar is high');
    const grace = (await stack.request('GET', '/api/patients?search=Grace', { token: coach })).body.items[0];
    const sent = await stack.request('POST', `/api/patients/${grace.id}/messages`, { token: coach, body: { body: 'How are you?', clientMessageId: randomUUID() } });
    expect(sent.status).toBe(202);
    await waitFor(async () => {
      const thread = await stack.request('GET', `/api/patients/${grace.id}/messages`, { token: coach });
      return thread.body.items.some((message: { status: string }) => message.status === 'undelivered' || message.status === 'failed') ? true : undefined;
    }, { what: 'failed delivery' });
    await sim.clearFaults();

    const summary = await stack.request('GET', '/api/inbox/summary', { token: supervisor });
    expect(summary.status).toBe(200);
    expect(summary.body.nextCursor).toBeNull();
    expect(summary.body.items.map((item: { lineId: string }) => item.lineId).sort()).toEqual(lines.map((line) => line.id).sort());
    for (const line of lines) {
      const totals = summary.body.items.find((item: { lineId: string }) => item.lineId === line.id);
      const open = await inbox(supervisor, `?lineId=${line.id}`);
      const unassigned = await inbox(supervisor, `?lineId=${line.id}&filter=unassigned`);
      const waiting = await inbox(supervisor, `?lineId=${line.id}&filter=waiting`);
      expect(totals).toMatchObject({ lineName: line.name, open: open.length, unassigned: unassigned.length, waitingLongestSince: waiting[0]?.waitingSince ?? null });
    }
    const diabetesTotals = summary.body.items.find((item: { lineId: string }) => item.lineId === lineOf(DEMO.diabetesLine).id);
    expect(diabetesTotals.failed).toBe(1);
    expect(diabetesTotals.waitingLongestSince).toEqual(expect.any(String));
    expect(summary.body.items.find((item: { lineId: string }) => item.lineId === lineOf(DEMO.cardiologyLine).id).failed).toBe(0);

    const nurseSummary = await stack.request('GET', '/api/inbox/summary', { token: nurse });
    expect(nurseSummary.body.items.map((item: { lineId: string }) => item.lineId)).not.toContain(lineOf(DEMO.diabetesLine).id);
    expect(nurseSummary.body.items.map((item: { lineId: string }) => item.lineId)).toContain(lineOf(DEMO.cardiologyLine).id);
    const coachSummary = await stack.request('GET', '/api/inbox/summary', { token: coach });
    expect(coachSummary.body.items.find((item: { lineId: string }) => item.lineId === lineOf(DEMO.diabetesLine).id).failed).toBe(1);
  });
});

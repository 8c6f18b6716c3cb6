import { startTestStack, type TestStack } from '../support/test-stack';
import { DEMO, EventLog, textLine } from '../support/realtime';

interface Unrecognized {
  id: string;
  lineId: string;
  phoneNumber: string;
  messageCount: number;
  recentMessages: { body: string; patientId: string | null }[];
  archivedAt: string | null;
}

const STRANGER = '+16175550961';
const NEWCOMER = '+16175550962';
const ARCHIVED = '+16175550963';
const DIABETES_STRANGER = '+16175550964';
const INVALID = '+16175550965';

/** Texts from unknown numbers: queue per line, team boundaries, match, create patient, archive. */
describe('unrecognized senders', () => {
  let stack: TestStack;
  let admin: string;
  let nurse: string;
  let coach: string;
  let cardiology: string;
  let diabetes: string;
  let cardiologyLineId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    const [a, n, c] = await Promise.all(['admin@demo.test', 'nurse@demo.test', 'coach@demo.test'].map((email) => stack.login(email)));
    [admin, nurse, coach] = [a!.accessToken, n!.accessToken, c!.accessToken];
    cardiology = n!.user.teamIds[0]!;
    diabetes = c!.user.teamIds[0]!;
    const lines: { id: string; number: string }[] = (await stack.request('GET', '/api/lines', { token: nurse })).body.items;
    cardiologyLineId = lines.find((line) => line.number === DEMO.cardiologyLine)!.id;
  });
  afterAll(() => stack.close());

  const queue = async (token: string, query = ''): Promise<Unrecognized[]> => {
    const response = await stack.request('GET', `/api/unrecognized${query}`, { token });
    expect(response.status).toBe(200);
    expect(response.body.nextCursor).toBeNull();
    return response.body.items;
  };
  const find = async (token: string, number: string, query = ''): Promise<Unrecognized | undefined> => (await queue(token, query)).find((item) => item.phoneNumber === number);
  const act = (token: string, id: string, action: string, body?: unknown) => stack.request('POST', `/api/unrecognized/${id}/${action}`, { token, body });

  it('lists unknown senders per line, only to the line team and overseers', async () => {
    await textLine(stack, STRANGER, DEMO.cardiologyLine, 'Hi, this is Maria’s daughter');
    await textLine(stack, STRANGER, DEMO.cardiologyLine, 'Can you call me back?');
    await textLine(stack, DIABETES_STRANGER, DEMO.diabetesLine, 'New number, who dis');
    await textLine(stack, DEMO.maria, DEMO.cardiologyLine, 'a known patient is not in the queue');

    const item = await find(nurse, STRANGER);
    expect(item).toMatchObject({ lineId: cardiologyLineId, messageCount: 2, archivedAt: null });
    expect(item!.recentMessages.map((message) => message.body)).toEqual(['Hi, this is Maria’s daughter', 'Can you call me back?']);
    expect(await find(nurse, DEMO.maria)).toBeUndefined();
    expect(await find(nurse, DIABETES_STRANGER)).toBeUndefined();
    expect(await find(coach, STRANGER)).toBeUndefined();
    expect(await find(coach, DIABETES_STRANGER)).toBeDefined();
    expect(await find(admin, STRANGER)).toBeDefined();
    expect(await find(admin, DIABETES_STRANGER)).toBeDefined();
    // Filtered by line; another team's line is a 404.
    expect(await find(admin, DIABETES_STRANGER, `?lineId=${cardiologyLineId}`)).toBeUndefined();
    expect(await find(nurse, STRANGER, `?lineId=${cardiologyLineId}`)).toBeDefined();
    expect((await stack.request('GET', `/api/unrecognized?lineId=${cardiologyLineId}`, { token: coach })).status).toBe(404);
    expect((await stack.request('GET', '/api/unrecognized')).status).toBe(401);
  });

  it('answers 404 for another team’s conversation and changes nothing', async () => {
    const item = (await find(nurse, STRANGER))!;
    const maria = (await stack.request('GET', '/api/patients?search=Maria', { token: nurse })).body.items[0];
    const aisha = (await stack.request('GET', '/api/patients?search=Aisha', { token: coach })).body.items[0];
    expect((await act(coach, item.id, 'match', { patientId: aisha.id })).status).toBe(404);
    expect((await act(coach, item.id, 'archive')).status).toBe(404);
    expect((await act(coach, item.id, 'create-patient', { name: 'X', teamId: diabetes })).status).toBe(404);
    // The nurse may not attach it to a patient of another team either.
    expect((await act(nurse, item.id, 'match', { patientId: aisha.id })).status).toBe(404);
    expect((await act(nurse, 'not-a-uuid', 'match', { patientId: maria.id })).status).toBe(404);
    const invalid = await act(nurse, item.id, 'match', {});
    expect(invalid.status).toBe(422);
    expect(invalid.body.message).toMatch(/patientId/);
    expect(await find(nurse, STRANGER)).toMatchObject({ messageCount: 2, archivedAt: null });
  });

  it('matches a number to a patient: the phone is added, messages move to the patient, the inbox is told', async () => {
    const item = (await find(nurse, STRANGER))!;
    const maria = (await stack.request('GET', '/api/patients?search=Maria', { token: nurse })).body.items[0];
    expect(maria.phones.map((phone: { number: string }) => phone.number)).not.toContain(STRANGER);
    const supervisorSocket = await stack.connect((await stack.login('supervisor@demo.test')).accessToken);
    const events = new EventLog(supervisorSocket);

    const matched = await act(nurse, item.id, 'match', { patientId: maria.id });
    expect(matched.status).toBe(200);
    expect(matched.body.patient.id).toBe(maria.id);
    const added = matched.body.patient.phones.find((phone: { number: string }) => phone.number === STRANGER);
    expect(added).toMatchObject({ type: 'mobile', isPrimary: false, optedOut: false });

    const update = await events.next('inbox:updated', (data) => data.conversationId === item.id);
    expect(update.data).toMatchObject({ patientId: maria.id, patientName: 'Maria Alvarez', phoneNumber: STRANGER });
    expect(await find(nurse, STRANGER)).toBeUndefined();

    const history = await stack.request('GET', `/api/patients/${maria.id}/messages`, { token: nurse });
    const bodies = history.body.items.map((message: { body: string }) => message.body);
    expect(bodies).toEqual(expect.arrayContaining(['Hi, this is Maria’s daughter', 'Can you call me back?']));
    const inbox = (await stack.request('GET', '/api/inbox', { token: nurse })).body.items;
    expect(inbox.find((conversation: { id: string }) => conversation.id === item.id)).toMatchObject({ patientId: maria.id, patientName: 'Maria Alvarez' });

    // Resolved once: a second match is a conflict, and the next text goes straight to Maria.
    expect((await act(nurse, item.id, 'match', { patientId: maria.id })).status).toBe(409);
    await textLine(stack, STRANGER, DEMO.cardiologyLine, 'Thanks!');
    const after = await stack.request('GET', `/api/patients/${maria.id}/messages`, { token: nurse });
    expect(after.body.items.at(-1)).toMatchObject({ body: 'Thanks!', patientId: maria.id });
    expect(await find(nurse, STRANGER)).toBeUndefined();
  });

  it('creates a patient for an unknown number in one of the caller’s teams', async () => {
    await textLine(stack, NEWCOMER, DEMO.cardiologyLine, 'I was referred by Dr. Smith');
    const item = (await find(nurse, NEWCOMER))!;
    expect((await act(nurse, item.id, 'create-patient', { name: 'Wrong Team', teamId: diabetes })).status).toBe(404);
    const invalid = await act(nurse, item.id, 'create-patient', { name: '  ', teamId: cardiology });
    expect(invalid.status).toBe(422);
    expect(invalid.body.message).toMatch(/name/);
    expect((await act(nurse, item.id, 'create-patient', { name: 'Pat New', teamId: cardiology, dateOfBirth: '1970-13-01' })).status).toBe(422);

    const created = await act(nurse, item.id, 'create-patient', { name: 'Pat Newcomer', teamId: cardiology, dateOfBirth: '1970-02-03' });
    expect(created.status).toBe(201);
    expect(created.body.patient).toMatchObject({ name: 'Pat Newcomer', teamId: cardiology, dateOfBirth: '1970-02-03', phones: [{ number: NEWCOMER, isPrimary: true }] });
    const history = await stack.request('GET', `/api/patients/${created.body.patient.id}/messages`, { token: nurse });
    expect(history.body.items.map((message: { body: string }) => message.body)).toEqual(['I was referred by Dr. Smith']);
    expect((await stack.request('GET', `/api/patients/${created.body.patient.id}`, { token: coach })).status).toBe(404);
    expect(await find(nurse, NEWCOMER)).toBeUndefined();
  });

  it('archives: hidden from the queue and closed, kept in the database, back when the number texts again', async () => {
    await textLine(stack, ARCHIVED, DEMO.cardiologyLine, 'Win a free cruise!!!');
    const item = (await find(nurse, ARCHIVED))!;
    const archived = await act(nurse, item.id, 'archive');
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    expect(await find(nurse, ARCHIVED)).toBeUndefined();
    // Kept for audit: listed with ?archived=true, still in the inbox's closed list.
    expect(await find(nurse, ARCHIVED, '?archived=true')).toMatchObject({ id: item.id, messageCount: 1 });
    const closed = (await stack.request('GET', '/api/inbox?filter=closed', { token: nurse })).body.items;
    expect(closed.find((conversation: { id: string }) => conversation.id === item.id)).toBeDefined();
    // Archiving twice changes nothing.
    expect((await act(nurse, item.id, 'archive')).body.archivedAt).toBe(archived.body.archivedAt);

    await new Promise((resolve) => setTimeout(resolve, 5));
    await textLine(stack, ARCHIVED, DEMO.cardiologyLine, 'Sorry, wrong number, but I do need help');
    const back = await find(nurse, ARCHIVED);
    expect(back).toMatchObject({ id: item.id, messageCount: 2 });
    expect(await find(nurse, ARCHIVED, '?archived=true')).toBeUndefined();
  });

  it('resolves the number’s unknown conversations on other lines the caller sees, and no others', async () => {
    const both = '+16175550966';
    await textLine(stack, both, DEMO.cardiologyLine, 'to cardiology');
    await textLine(stack, both, DEMO.diabetesLine, 'to diabetes');
    const other = '+16175550967';
    await textLine(stack, other, DEMO.cardiologyLine, 'nurse side');
    await textLine(stack, other, DEMO.diabetesLine, 'coach side');

    // An admin sees both lines: matching one conversation takes the other along.
    const item = (await find(admin, both, `?lineId=${cardiologyLineId}`))!;
    const maria = (await stack.request('GET', '/api/patients?search=Maria', { token: admin })).body.items[0];
    expect((await act(admin, item.id, 'match', { patientId: maria.id })).status).toBe(200);
    expect(await find(admin, both)).toBeUndefined();
    const bodies = (await stack.request('GET', `/api/patients/${maria.id}/messages`, { token: admin })).body.items.map((message: { body: string }) => message.body);
    expect(bodies).toEqual(expect.arrayContaining(['to cardiology', 'to diabetes']));

    // The nurse does not see the Diabetes line: its conversation stays in the coach's queue.
    const nurseItem = (await find(nurse, other))!;
    const created = await act(nurse, nurseItem.id, 'create-patient', { name: 'Sam Other', teamId: cardiology });
    expect(created.status).toBe(201);
    expect(await find(nurse, other)).toBeUndefined();
    expect(await find(coach, other)).toMatchObject({ messageCount: 1 });
  });

  it('lets a second resolution of the same conversation fail cleanly', async () => {
    await textLine(stack, INVALID, DEMO.cardiologyLine, 'hello?');
    const item = (await find(nurse, INVALID))!;
    const maria = (await stack.request('GET', '/api/patients?search=Maria', { token: nurse })).body.items[0];
    const [first, second] = await Promise.all([act(nurse, item.id, 'match', { patientId: maria.id }), act(nurse, item.id, 'create-patient', { name: 'Dup', teamId: cardiology })]);
    // Whichever comes second finds the conversation resolved (row lock): one success, one conflict.
    const statuses = [first.status, second.status];
    expect(statuses.filter((status) => status === 409)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200 || status === 201)).toHaveLength(1);
    const dup = await stack.request('GET', '/api/patients?search=Dup', { token: nurse });
    expect(dup.body.items).toHaveLength(second.status === 201 ? 1 : 0);
    expect((await act(nurse, item.id, 'archive')).status).toBe(409);
  });
});

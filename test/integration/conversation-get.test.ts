import { startTestStack, type TestStack } from '../support/test-stack';
import { DEMO, textLine } from '../support/realtime';

/** `GET /api/conversations/:id`: one conversation as the caller sees it (the thread page's assign / close bar). */
describe('one conversation', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('answers the caller’s view of a conversation, and 404 outside their teams or for nonsense ids', async () => {
    const [nurse, coach, supervisor] = await Promise.all(['nurse@demo.test', 'coach@demo.test', 'supervisor@demo.test'].map((email) => stack.login(email)));
    await textLine(stack, DEMO.james, DEMO.cardiologyLine, 'Is the clinic open on Saturday?');
    const listed = (await stack.request('GET', '/api/inbox', { token: nurse!.accessToken })).body.items.find((item: { phoneNumber: string }) => item.phoneNumber === DEMO.james);
    expect(listed).toBeDefined();

    const mine = await stack.request('GET', `/api/conversations/${listed.id}`, { token: nurse!.accessToken });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual(listed);
    expect(mine.body).toMatchObject({ patientName: 'James Okafor', myUnread: 1, status: 'open', lastMessage: { body: 'Is the clinic open on Saturday?' } });

    // Read state is per user: after the nurse reads it, her view says 0 and the supervisor's still 1.
    expect((await stack.request('POST', `/api/conversations/${listed.id}/read`, { token: nurse!.accessToken })).status).toBe(200);
    expect((await stack.request('GET', `/api/conversations/${listed.id}`, { token: nurse!.accessToken })).body.myUnread).toBe(0);
    expect((await stack.request('GET', `/api/conversations/${listed.id}`, { token: supervisor!.accessToken })).body.myUnread).toBe(1);

    expect((await stack.request('GET', `/api/conversations/${listed.id}`, { token: coach!.accessToken })).status).toBe(404);
    expect((await stack.request('GET', '/api/conversations/not-a-uuid', { token: nurse!.accessToken })).status).toBe(404);
    expect((await stack.request('GET', `/api/conversations/${listed.id}`)).status).toBe(401);
  });
});

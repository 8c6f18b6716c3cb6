import { startTestStack, type TestStack } from '../support/test-stack';
import { DEMO } from '../support/realtime';
import { waitFor } from '../support/wait';

interface DemoMessage {
  direction: 'inbound' | 'outbound';
  from: string | null;
  to: string;
  body: string;
  carrierReply: boolean;
}

/** Demo mode: a logged-in user texts the product as a patient through the simulator and sees its replies. */
describe('demo mode (simulated phones)', () => {
  let stack: TestStack;
  let nurse: string;
  let coach: string;
  let mariaId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    [nurse, coach] = (await Promise.all(['nurse@demo.test', 'coach@demo.test'].map((email) => stack.login(email)))).map((login) => login.accessToken);
    mariaId = (await stack.request('GET', '/api/patients?search=Maria', { token: nurse })).body.items[0].id;
  });
  afterAll(() => stack.close());

  const conversation = async (token: string, number: string): Promise<DemoMessage[]> => {
    const response = await stack.request('GET', `/api/demo/messages?number=${encodeURIComponent(number)}`, { token });
    expect(response.status).toBe(200);
    return response.body.items;
  };

  it('is enabled with the caller’s lines and their patients’ textable numbers', async () => {
    const status = await stack.request('GET', '/api/demo/status', { token: nurse });
    expect(status.status).toBe(200);
    expect(status.body.enabled).toBe(true);
    expect(status.body.lines.map((line: { number: string }) => line.number)).toEqual([DEMO.cardiologyLine]);
    const numbers = status.body.patients.map((patient: { number: string }) => patient.number);
    expect(numbers).toContain(DEMO.maria);
    expect(numbers).not.toContain('+16175550191'); // Maria's landline
    expect(numbers).not.toContain(DEMO.aisha); // another team's patient
    expect((await stack.request('GET', '/api/demo/status')).status).toBe(401);
  });

  it('texts the product as a patient: stored in the thread, and the product’s replies are listed', async () => {
    const sent = await stack.request('POST', '/api/demo/inbound', { token: nurse, body: { from: DEMO.maria, to: DEMO.cardiologyLine, body: 'Hello from the demo phone' } });
    expect(sent.status).toBe(200);
    expect(sent.body.sid).toMatch(/^SM[0-9a-f]{32}$/);
    const thread = await stack.request('GET', `/api/patients/${mariaId}/messages`, { token: nurse });
    expect(thread.body.items.at(-1)).toMatchObject({ direction: 'inbound', body: 'Hello from the demo phone', from: DEMO.maria });

    // HELP: Twilio's own keyword answer and the organisation's help reply (sent by the product) come back.
    expect((await stack.request('POST', '/api/demo/inbound', { token: nurse, body: { from: DEMO.maria, to: DEMO.cardiologyLine, body: 'HELP' } })).status).toBe(200);
    const messages = await waitFor(async () => {
      const items = await conversation(nurse, DEMO.maria);
      return items.some((item) => item.direction === 'outbound' && !item.carrierReply) ? items : undefined;
    }, { what: 'the product’s help reply in the demo conversation' });
    expect(messages[0]).toMatchObject({ direction: 'inbound', body: 'Hello from the demo phone', from: DEMO.maria, to: DEMO.cardiologyLine });
    const productReply = messages.find((item) => item.direction === 'outbound' && !item.carrierReply)!;
    expect(productReply).toMatchObject({ from: DEMO.cardiologyLine, to: DEMO.maria, body: expect.stringMatching(/Reply STOP to opt out/) });
    expect(messages.some((item) => item.carrierReply)).toBe(true);
  });

  it('validates numbers and keeps to the caller’s lines and patients', async () => {
    const post = (token: string, body: unknown) => stack.request('POST', '/api/demo/inbound', { token, body });
    const badFrom = await post(nurse, { from: '617-555-0111', to: DEMO.cardiologyLine, body: 'hi' });
    expect(badFrom.status).toBe(422);
    expect(badFrom.body.message).toMatch(/from/);
    expect((await post(nurse, { from: DEMO.maria, to: DEMO.cardiologyLine, body: '   ' })).status).toBe(422);
    // Another team's line, another team's patient, one of our own lines as the sender.
    expect((await post(nurse, { from: DEMO.maria, to: DEMO.diabetesLine, body: 'hi' })).status).toBe(404);
    expect((await post(nurse, { from: DEMO.aisha, to: DEMO.cardiologyLine, body: 'hi' })).status).toBe(404);
    expect((await post(nurse, { from: DEMO.cardiologyLine, to: DEMO.cardiologyLine, body: 'hi' })).status).toBe(422);
    expect((await stack.request('GET', '/api/demo/messages?number=12345', { token: nurse })).status).toBe(422);
    expect((await stack.request('GET', `/api/demo/messages?number=${encodeURIComponent(DEMO.aisha)}`, { token: nurse })).status).toBe(404);
    // The coach sees nothing of Maria's demo conversation (not their patient).
    expect((await stack.request('GET', `/api/demo/messages?number=${encodeURIComponent(DEMO.maria)}`, { token: coach })).status).toBe(404);

    // A number nobody knows may text too; it lands in the line's unrecognized queue.
    const stranger = '+16175550977';
    expect((await post(nurse, { from: stranger, to: DEMO.cardiologyLine, body: 'Who is this?' })).status).toBe(200);
    expect(await conversation(nurse, stranger)).toEqual([expect.objectContaining({ direction: 'inbound', body: 'Who is this?' })]);
    const queue = (await stack.request('GET', '/api/unrecognized', { token: nurse })).body.items;
    expect(queue.map((item: { phoneNumber: string }) => item.phoneNumber)).toContain(stranger);
  });
});

describe('demo mode with real Twilio credentials', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      env: {
        TWILIO_ACCOUNT_SID: `AC${'d'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'demo-test-auth-token-0123456789',
        // Nothing listens there: this stack must never need Twilio.
        TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
        RECONCILE_INTERVAL_SECONDS: '0',
      },
    });
  });
  afterAll(() => stack.close());

  it('does not exist (404), so nobody can inject texts in production', async () => {
    const { accessToken } = await stack.login('admin@demo.test');
    expect(stack.simulator).toBeNull();
    expect((await stack.request('GET', '/api/demo/status', { token: accessToken })).status).toBe(404);
    expect((await stack.request('POST', '/api/demo/inbound', { token: accessToken, body: { from: DEMO.maria, to: DEMO.cardiologyLine, body: 'hi' } })).status).toBe(404);
  });
});

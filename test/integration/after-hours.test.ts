import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait';

const LINE = '+16175550100';
const JAMES = '+16175550112';
const LINH = '+16175550113';
const CLOSED_TEXT = 'Our office is closed. We will answer tomorrow morning. For emergencies call 911.';

describe('after-hours auto-reply', () => {
  let stack: TestStack;
  let admin: string;
  let nurse: string;
  beforeAll(async () => {
    stack = await startTestStack();
    admin = (await stack.login('admin@demo.test')).accessToken;
    nurse = (await stack.login('nurse@demo.test')).accessToken;
  });
  afterAll(() => stack.close());

  const text = (from: string, body: string) =>
    fetch(`${stack.simulator!.url}/sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, to: LINE, body }) });
  const thread = async (name: string) => {
    const patient = (await stack.request('GET', `/api/patients?search=${encodeURIComponent(name)}`, { token: nurse })).body.items[0];
    return (await stack.request('GET', `/api/patients/${patient.id}/messages`, { token: nurse })).body.items as { direction: string; body: string; status: string; sentBy: unknown }[];
  };
  const settings = (body: Record<string, unknown>) => stack.request('PATCH', '/api/admin/organization', { token: admin, body });

  it('validates the settings and returns them', async () => {
    expect((await settings({ businessHoursStart: '18:00', businessHoursEnd: '08:00' })).status).toBe(422);
    expect((await settings({ businessDays: [0, 8] })).body.message).toMatch(/businessDays/);
    expect((await settings({ afterHoursReply: '   ' })).status).toBe(422);
    const saved = await settings({ afterHoursReply: CLOSED_TEXT, businessDays: [], businessHoursStart: '08:00', businessHoursEnd: '18:00' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ afterHoursReply: CLOSED_TEXT, businessDays: [], businessHoursStart: '08:00', businessHoursEnd: '18:00' });
    expect((await stack.request('PATCH', '/api/admin/organization', { token: nurse, body: { afterHoursReply: 'x' } })).status).toBe(403);
  });

  it('answers a text outside business hours once per conversation, sent and logged like any message', async () => {
    // No business days at all: every moment is after hours.
    await settings({ afterHoursReply: CLOSED_TEXT, businessDays: [] });
    expect((await text(JAMES, 'Can I move my appointment?')).status).toBe(200);
    const replies = await waitFor(async () => {
      const items = (await thread('James')).filter((m) => m.direction === 'outbound' && m.body === CLOSED_TEXT);
      return items.length === 1 && items[0].status === 'delivered' ? items : undefined;
    }, { what: 'after-hours reply delivered' });
    expect(replies[0].sentBy).toBeNull();
    expect((await text(JAMES, 'Also, my prescription')).status).toBe(200);
    await waitFor(async () => ((await thread('James')).some((m) => m.body === 'Also, my prescription') ? true : undefined), { what: 'second text' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await thread('James')).filter((m) => m.body === CLOSED_TEXT)).toHaveLength(1);
    const atTwilio = (await (await fetch(`${stack.simulator!.url}/sim/messages?to=${encodeURIComponent(JAMES)}`)).json()) as { messages: { body: string }[] };
    expect(atTwilio.messages.filter((m) => m.body === CLOSED_TEXT)).toHaveLength(1);
  });

  it('does not answer keywords with it, and sends nothing when it is turned off', async () => {
    await text(LINH, 'STOP');
    await text(LINH, 'START');
    await settings({ afterHoursReply: null });
    await text(LINH, 'Hello?');
    await waitFor(async () => ((await thread('Linh')).some((m) => m.body === 'Hello?') ? true : undefined), { what: 'inbound stored' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await thread('Linh')).filter((m) => m.body === CLOSED_TEXT)).toEqual([]);
  });
});

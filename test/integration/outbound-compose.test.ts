import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AdminLineDto, MessageDto, TemplateDto } from '@care/shared';
import { startTestStack, type TestStack } from '../support/test-stack';
import { recordEvents, waitFor } from '../support/wait';
import { clockIn } from '../support/clock';

interface Patient {
  id: string;
  name: string;
  phones: { id: string; number: string; type: string }[];
}

/** "HH:MM" in UTC, `minutes` from now. */

describe('composing: segments and encoding, templates, scheduled send, quiet hours', () => {
  let stack: TestStack;
  let admin: string;
  let nurse: string;
  let patients: Patient[];
  let lines: AdminLineDto[];

  beforeAll(async () => {
    stack = await startTestStack({ env: { OUTBOUND_POLL_MS: '50' } });
    admin = (await stack.login('admin@demo.test')).accessToken;
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    patients = (await stack.request('GET', '/api/patients', { token: admin })).body.items;
    lines = (await stack.request('GET', '/api/admin/lines', { token: admin })).body.items;
    for (const line of lines) await stack.request('PATCH', `/api/admin/lines/${line.id}`, { token: admin, body: { mps: 50 } });
    // Quiet hours off unless a test turns them on (start = end).
    await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { quietHoursStart: '00:00', quietHoursEnd: '00:00' } });
  });
  afterAll(() => stack.close());

  const patient = (name: string) => patients.find((p) => p.name === name)!;
  const send = (token: string, patientId: string, body: Record<string, unknown>) => stack.request('POST', `/api/patients/${patientId}/messages`, { token, body });
  const history = async (patientId: string): Promise<MessageDto[]> => (await stack.request('GET', `/api/patients/${patientId}/messages?limit=100`, { token: admin })).body.items;
  const atTwilio = (body: string) => stack.simulator!.sentMessages().filter((m) => m.body === body);

  describe('segments and encoding (stored as Twilio counts them)', () => {
    it.each([
      ['GSM extension characters count double: 80 × "{" fill one segment', '{'.repeat(80), 1, 'GSM-7', 'sms'],
      ['…and 81 need two', '{'.repeat(81), 2, 'GSM-7', 'sms'],
      ['one emoji forces UCS-2', 'See you soon 😀', 1, 'UCS-2', 'sms'],
      ['UCS-2 segments hold 70 characters, or 67 when concatenated', `${'a'.repeat(69)}😀`, 2, 'UCS-2', 'sms'],
      ['three segments still go as SMS', 'x'.repeat(459), 3, 'GSM-7', 'sms'],
      ['above the MMS threshold (3) the text goes as one MMS', 'x'.repeat(460), 4, 'GSM-7', 'mms'],
    ])('%s', async (_name, body, segments, encoding, channel) => {
      const response = await send(nurse, patient('James Okafor').id, { body, clientMessageId: randomUUID() });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({ segments, encoding, channel });
    });

    it('smart encoding replaces curly quotes and dashes before storing, keeping GSM-7', async () => {
      const text = 'It’s “fine” — really';
      const plain = await send(nurse, patient('James Okafor').id, { body: text, clientMessageId: randomUUID() });
      expect(plain.body).toMatchObject({ body: text, encoding: 'UCS-2' });
      const smart = await send(nurse, patient('James Okafor').id, { body: text, smartEncoding: true, clientMessageId: randomUUID() });
      expect(smart.body).toMatchObject({ body: 'It\'s "fine" - really', encoding: 'GSM-7', segments: 1 });
    });
  });

  describe('templates', () => {
    let welcome: TemplateDto;

    beforeAll(async () => {
      const created = await stack.request('POST', '/api/admin/templates', {
        token: admin,
        body: { name: 'Welcome', category: 'Onboarding', body: 'Hi {{patient.firstName}}, this is {{user.firstName}} at {{org.name}}. Call {{line.number}}.' },
      });
      expect(created.status).toBe(201);
      welcome = created.body;
    });

    it('admins manage templates; others get 403', async () => {
      expect((await stack.request('GET', '/api/admin/templates', { token: nurse })).status).toBe(403);
      expect((await stack.request('POST', '/api/admin/templates', { token: nurse, body: { name: 'x', body: 'y' } })).status).toBe(403);
      const listed = await stack.request('GET', '/api/admin/templates', { token: admin });
      expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: welcome.id, category: 'Onboarding', active: true, teamId: null })]));
      const edited = await stack.request('PATCH', `/api/admin/templates/${welcome.id}`, { token: admin, body: { category: 'First contact' } });
      expect(edited.body).toMatchObject({ category: 'First contact', name: 'Welcome' });
    });

    it('refuses unknown variables and broken syntax when saving (422 naming them)', async () => {
      const unknown = await stack.request('POST', '/api/admin/templates', { token: admin, body: { name: 'Old', body: 'Hi {{firstName}}' } });
      expect(unknown.status).toBe(422);
      expect(unknown.body.message).toMatch(/\{\{firstName\}\}/);
      const broken = await stack.request('POST', '/api/admin/templates', { token: admin, body: { name: 'Broken', body: 'Hi {{patient.firstName' } });
      expect(broken.status).toBe(422);
    });

    it('lists active templates of the caller’s teams and the organisation, with search', async () => {
      const diabetesOnly = await stack.request('POST', '/api/admin/templates', {
        token: admin,
        body: { name: 'Foot check', body: 'Hi {{patient.firstName}}, time for your foot check.', teamId: (await stack.login('coach@demo.test')).user.teamIds[0] },
      });
      const inactive = await stack.request('POST', '/api/admin/templates', { token: admin, body: { name: 'Retired welcome', body: 'Old text', active: false } });
      const mine = (await stack.request('GET', '/api/templates', { token: nurse })).body.items as TemplateDto[];
      expect(mine.map((t) => t.id)).toContain(welcome.id);
      expect(mine.map((t) => t.id)).not.toContain(diabetesOnly.body.id);
      expect(mine.map((t) => t.id)).not.toContain(inactive.body.id);
      const searched = (await stack.request('GET', '/api/templates?search=welc', { token: nurse })).body.items as TemplateDto[];
      expect(searched.map((t) => t.name)).toEqual(['Welcome']);
      // Neither can be sent from by the nurse.
      const james = patient('James Okafor');
      expect((await send(nurse, james.id, { templateId: inactive.body.id, clientMessageId: randomUUID() })).status).toBe(404);
      expect((await send(nurse, james.id, { templateId: diabetesOnly.body.id, clientMessageId: randomUUID() })).status).toBe(404);
    });

    it('renders on the server and records the template; the sender’s edited text wins and is rendered too', async () => {
      const james = patient('James Okafor');
      const fromTemplate = await send(nurse, james.id, { templateId: welcome.id, clientMessageId: randomUUID() });
      expect(fromTemplate.status).toBe(202);
      expect(fromTemplate.body).toMatchObject({ body: 'Hi James, this is Nina at Demo Health Clinic. Call +16175550100.', templateId: welcome.id });
      const edited = await send(nurse, james.id, { templateId: welcome.id, body: 'Hello {{patient.firstName}}! See you Tuesday.', clientMessageId: randomUUID() });
      expect(edited.body).toMatchObject({ body: 'Hello James! See you Tuesday.', templateId: welcome.id });
      await waitFor(() => (atTwilio('Hi James, this is Nina at Demo Health Clinic. Call +16175550100.').length === 1 ? true : undefined), { what: 'rendered text at Twilio' });
      const demo = (await stack.request('GET', '/api/templates?search=check-in', { token: nurse })).body.items as TemplateDto[];
      const checkIn = await send(nurse, james.id, { templateId: demo[0].id, clientMessageId: randomUUID() });
      expect(checkIn.body.body).toMatch(/^Hi James, this is Nina from Demo Health Clinic\./);
    });

    it('a variable without a value is a 422 naming it, and nothing is stored', async () => {
      const service = await stack.request('POST', '/api/admin/lines', { token: admin, body: { name: 'Service', messagingServiceSid: `MG${'c'.repeat(32)}`, mps: 50 } });
      const james = patient('James Okafor');
      const before = (await history(james.id)).length;
      const response = await send(admin, james.id, { templateId: welcome.id, lineId: service.body.id, clientMessageId: randomUUID() });
      expect(response.status).toBe(422);
      expect(response.body.message).toMatch(/\{\{line\.number\}\}/);
      expect(await history(james.id)).toHaveLength(before);
      await stack.request('DELETE', `/api/admin/lines/${service.body.id}`, { token: admin });
    });
  });

  describe('scheduled send', () => {
    it('holds the text until sendAt, then sends it (scheduled → queued → sent)', async () => {
      const linh = patient('Linh Tran');
      const events = recordEvents(await stack.connect(nurse));
      const sendAt = new Date(Date.now() + 2_000).toISOString();
      const response = await send(nurse, linh.id, { body: 'Take your evening dose', sendAt, clientMessageId: randomUUID() });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({ status: 'scheduled', scheduledFor: sendAt, twilioSid: null });
      const [sent] = await waitFor(() => (atTwilio('Take your evening dose').length ? atTwilio('Take your evening dose') : undefined), { what: 'scheduled text sent' });
      expect(new Date(sent.dateCreated).getTime()).toBeGreaterThanOrEqual(new Date(sendAt).getTime());
      const statuses = await waitFor(() => {
        const seen = events.events.filter((e) => e.name === 'message:status' && e.payload.data.messageId === response.body.id).map((e) => e.payload.data.status);
        return seen.includes('delivered') ? seen : undefined;
      }, { what: 'statuses pushed' });
      expect(statuses).toEqual(['queued', 'sent', 'delivered']);
    });

    it('can be canceled until it goes, and then never goes', async () => {
      const linh = patient('Linh Tran');
      const events = recordEvents(await stack.connect(nurse));
      const sendAt = Date.now() + 2_500;
      const response = await send(nurse, linh.id, { body: 'Canceled reminder', sendAt: new Date(sendAt).toISOString(), clientMessageId: randomUUID() });
      const canceled = await stack.request('POST', `/api/messages/${response.body.id}/cancel`, { token: nurse });
      expect(canceled.status).toBe(200);
      expect(canceled.body).toMatchObject({ id: response.body.id, status: 'canceled' });
      await waitFor(() => events.events.find((e) => e.name === 'message:status' && e.payload.data.messageId === response.body.id && e.payload.data.status === 'canceled'), {
        what: 'canceled pushed',
      });
      expect((await stack.request('POST', `/api/messages/${response.body.id}/cancel`, { token: nurse })).status).toBe(200);
      // Another team cannot even see it.
      const coach = (await stack.login('coach@demo.test')).accessToken;
      expect((await stack.request('POST', `/api/messages/${response.body.id}/cancel`, { token: coach })).status).toBe(404);
      // Past its time (its job ran and found it canceled): still nothing at Twilio.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, sendAt + 1_000 - Date.now())));
      expect(atTwilio('Canceled reminder')).toEqual([]);
      expect((await history(linh.id)).find((m) => m.id === response.body.id)?.status).toBe('canceled');
    });

    it('refuses to cancel a text that has gone to Twilio (409)', async () => {
      const linh = patient('Linh Tran');
      const response = await send(nurse, linh.id, { body: 'Already gone', clientMessageId: randomUUID() });
      await waitFor(async () => ((await history(linh.id)).find((m) => m.id === response.body.id && m.twilioSid) ? true : undefined), { what: 'sent' });
      const refused = await stack.request('POST', `/api/messages/${response.body.id}/cancel`, { token: nurse });
      expect(refused.status).toBe(409);
    });

    it('refuses a sendAt without a time zone', async () => {
      const response = await send(nurse, patient('Linh Tran').id, { body: 'x', sendAt: '2030-01-01T10:00:00', clientMessageId: randomUUID() });
      expect(response.status).toBe(422);
      expect(response.body.message).toMatch(/sendAt/);
    });
  });

  describe('quiet hours', () => {
    afterEach(async () => {
      await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { timeZone: 'America/New_York', quietHoursStart: '00:00', quietHoursEnd: '00:00' } });
    });

    it('holds a non-urgent text until quiet hours end, in the patient’s time zone, unless overridden with a reason', async () => {
      // The organisation's clock is UTC, but Robert's number is a Boston (617) number and he has no
      // time zone of his own: his quiet hours follow the number's area, New York.
      const settings = await stack.request('PATCH', '/api/admin/organization', {
        token: admin,
        body: { timeZone: 'UTC', quietHoursStart: clockIn('America/New_York', -60), quietHoursEnd: clockIn('America/New_York', 60) },
      });
      expect(settings.status).toBe(200);
      const robert = patient('Robert Kowalski');
      const held = await send(nurse, robert.id, { body: 'Routine note', clientMessageId: randomUUID() });
      expect(held.body.status).toBe('scheduled');
      const until = new Date(held.body.scheduledFor).getTime();
      expect(until).toBeGreaterThan(Date.now() + 55 * 60_000);
      expect(until).toBeLessThanOrEqual(Date.now() + 61 * 60_000);

      const urgent = await send(nurse, robert.id, { body: 'Urgent: call us now', quietHoursOverride: { reason: 'Critical lab result' }, clientMessageId: randomUUID() });
      expect(urgent.body.status).toBe('queued');
      await waitFor(() => (atTwilio('Urgent: call us now').length === 1 ? true : undefined), { what: 'urgent text sent' });
      const empty = await send(nurse, robert.id, { body: 'x', quietHoursOverride: { reason: ' ' }, clientMessageId: randomUUID() });
      expect(empty.status).toBe(422);

      // A patient whose own time zone is nine hours ahead is not in quiet hours.
      const maria = patient('Maria Alvarez');
      const em = stack.app.get(MikroORM).em.fork() as EntityManager;
      await em.getConnection().execute(`update patient set time_zone = 'Asia/Tokyo' where id = ?`, [maria.id]);
      const daytime = await send(nurse, maria.id, { body: 'Daytime there', clientMessageId: randomUUID() });
      expect(daytime.body.status).toBe('queued');

      expect(atTwilio('Routine note')).toEqual([]);
      expect((await stack.request('POST', `/api/messages/${held.body.id}/cancel`, { token: nurse })).status).toBe(200);
    });

    it('validates the organisation settings', async () => {
      expect((await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { timeZone: 'Mars/Olympus' } })).status).toBe(422);
      expect((await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { quietHoursStart: '25:00' } })).status).toBe(422);
      expect((await stack.request('PATCH', '/api/admin/organization', { token: nurse, body: { quietHoursStart: '20:00' } })).status).toBe(403);
    });
  });
});

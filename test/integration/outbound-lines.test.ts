import { randomUUID } from 'node:crypto';
import type { AdminLineDto, MessageDto } from '@care/shared';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait';

const CARDIOLOGY_LINE = '+16175550100';
const DIABETES_LINE = '+16175550200';

interface Patient {
  id: string;
  name: string;
  phones: { id: string; number: string; type: string }[];
}

describe('sending lines: admin API and the automatic choice', () => {
  let stack: TestStack;
  let admin: string;
  let nurse: string;
  let coach: string;
  let diabetesTeamId: string;
  let patients: Patient[];
  let cardiology: AdminLineDto;
  let diabetes: AdminLineDto;

  beforeAll(async () => {
    stack = await startTestStack({ env: { OUTBOUND_POLL_MS: '50' } });
    admin = (await stack.login('admin@demo.test')).accessToken;
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    const coachLogin = await stack.login('coach@demo.test');
    coach = coachLogin.accessToken;
    diabetesTeamId = coachLogin.user.teamIds[0];
    patients = (await stack.request('GET', '/api/patients', { token: admin })).body.items;
    const lines = (await stack.request('GET', '/api/admin/lines', { token: admin })).body.items as AdminLineDto[];
    cardiology = lines.find((l) => l.number === CARDIOLOGY_LINE)!;
    diabetes = lines.find((l) => l.number === DIABETES_LINE)!;
    for (const line of lines) await stack.request('PATCH', `/api/admin/lines/${line.id}`, { token: admin, body: { mps: 50 } });
  });
  afterAll(() => stack.close());

  const patient = (name: string) => patients.find((p) => p.name === name)!;
  const send = (token: string, patientId: string, body: Record<string, unknown>) => stack.request('POST', `/api/patients/${patientId}/messages`, { token, body });
  const sentAtTwilio = (messageId: string, patientId: string, token: string) =>
    waitFor(async () => {
      const items = (await stack.request('GET', `/api/patients/${patientId}/messages`, { token })).body.items as MessageDto[];
      const message = items.find((m) => m.id === messageId && m.twilioSid);
      return message ? stack.simulator!.message(message.twilioSid!) : undefined;
    }, { what: 'message at Twilio' });

  describe('admin API', () => {
    it('is for admins only (403 for everyone else)', async () => {
      expect((await stack.request('GET', '/api/admin/lines', { token: nurse })).status).toBe(403);
      expect((await stack.request('POST', '/api/admin/lines', { token: coach, body: { name: 'x', number: '+16175550999' } })).status).toBe(403);
      expect((await stack.request('GET', '/api/admin/lines')).status).toBe(401);
      const listed = await stack.request('GET', '/api/admin/lines', { token: admin });
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ number: CARDIOLOGY_LINE, isDefault: true, mps: 50 })]));
    });

    it('validates numbers, Messaging Service SIDs, rates and duplicates', async () => {
      const bad = async (body: Record<string, unknown>, pattern: RegExp) => {
        const response = await stack.request('POST', '/api/admin/lines', { token: admin, body });
        expect(response.status).toBe(422);
        expect(response.body.message).toMatch(pattern);
      };
      await bad({ name: 'Bad', number: '617-555-0999' }, /E\.164/);
      await bad({ name: 'Bad', messagingServiceSid: 'MG123' }, /messagingServiceSid/);
      await bad({ name: 'Bad' }, /exactly one of number/);
      await bad({ name: 'Bad', number: '+16175550999', messagingServiceSid: `MG${'a'.repeat(32)}` }, /exactly one of number/);
      await bad({ name: 'Bad', number: '+16175550999', mps: 0 }, /mps/);
      const duplicate = await stack.request('POST', '/api/admin/lines', { token: admin, body: { name: 'Again', number: CARDIOLOGY_LINE } });
      expect(duplicate.status).toBe(409);
    });

    it('creates, edits and deletes a line; a line with conversations cannot be deleted', async () => {
      const created = await stack.request('POST', '/api/admin/lines', { token: admin, body: { name: 'Service', messagingServiceSid: `MG${'b'.repeat(32)}`, teamId: diabetesTeamId, mps: 3 } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Service', number: null, messagingServiceSid: `MG${'b'.repeat(32)}`, teamId: diabetesTeamId, isDefault: false, mps: 3 });
      const edited = await stack.request('PATCH', `/api/admin/lines/${created.body.id}`, { token: admin, body: { name: 'Service line', mps: 10, teamId: null } });
      expect(edited.body).toMatchObject({ name: 'Service line', mps: 10, teamId: null });
      expect((await stack.request('DELETE', `/api/admin/lines/${created.body.id}`, { token: admin })).status).toBe(204);
      expect((await stack.request('PATCH', `/api/admin/lines/${created.body.id}`, { token: admin, body: { mps: 2 } })).status).toBe(404);

      await send(nurse, patient('James Okafor').id, { body: 'Gives the line a conversation', clientMessageId: randomUUID() });
      const refused = await stack.request('DELETE', `/api/admin/lines/${cardiology.id}`, { token: admin });
      expect(refused.status).toBe(409);
    });
  });

  describe('which line a text goes from', () => {
    it('explicit: the line the sender picked, only among lines of their teams', async () => {
      const robert = patient('Robert Kowalski');
      const picked = await send(nurse, robert.id, { body: 'Explicit line', lineId: cardiology.id, clientMessageId: randomUUID() });
      expect(picked.status).toBe(202);
      expect(picked.body).toMatchObject({ lineId: cardiology.id, from: CARDIOLOGY_LINE });
      const foreign = await send(nurse, robert.id, { body: 'Another team’s line', lineId: diabetes.id, clientMessageId: randomUUID() });
      expect(foreign.status).toBe(404);
    });

    it('sticky: the line this patient number last talked to', async () => {
      const linh = patient('Linh Tran');
      // Linh (Cardiology) texts the Diabetes line; the nurse's reply goes from there, not from her team's line.
      await stack.simulator!.sendInbound({ from: linh.phones[0].number, to: DIABETES_LINE, body: 'Wrong number?' });
      const reply = await send(nurse, linh.id, { body: 'Sticky reply', clientMessageId: randomUUID() });
      expect(reply.status).toBe(202);
      expect(reply.body).toMatchObject({ lineId: diabetes.id, from: DIABETES_LINE });
      expect((await sentAtTwilio(reply.body.id, linh.id, nurse))?.from).toBe(DIABETES_LINE);
    });

    it('team default: the patient’s care team line when the number never talked to us', async () => {
      const aisha = patient('Aisha Rahman');
      const first = await send(coach, aisha.id, { body: 'Team line', clientMessageId: randomUUID() });
      expect(first.body).toMatchObject({ lineId: diabetes.id, from: DIABETES_LINE });
    });

    it('organisation default: when the team has no line', async () => {
      const main = await stack.request('POST', '/api/admin/lines', { token: admin, body: { name: 'Main line', number: '+16175550300', isDefault: true, mps: 50 } });
      expect(main.status).toBe(201);
      try {
        // One default per organisation: the new default replaced the old one.
        const lines = (await stack.request('GET', '/api/admin/lines', { token: admin })).body.items as AdminLineDto[];
        expect(lines.filter((l) => l.isDefault).map((l) => l.id)).toEqual([main.body.id]);
        await stack.request('PATCH', `/api/admin/lines/${diabetes.id}`, { token: admin, body: { teamId: null } });

        const tom = patient('Tom Becker');
        const sent = await send(coach, tom.id, { body: 'Organisation default', clientMessageId: randomUUID() });
        expect(sent.body).toMatchObject({ lineId: main.body.id, from: '+16175550300' });
        // The new number was registered with the simulator: Twilio accepted it.
        expect((await sentAtTwilio(sent.body.id, tom.id, coach))?.from).toBe('+16175550300');
      } finally {
        await stack.request('PATCH', `/api/admin/lines/${diabetes.id}`, { token: admin, body: { teamId: diabetesTeamId } });
        await stack.request('PATCH', `/api/admin/lines/${cardiology.id}`, { token: admin, body: { isDefault: true } });
      }
    });
  });
});

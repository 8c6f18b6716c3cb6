import { startTestStack, type TestStack } from '../support/test-stack';

describe('patients and team boundaries', () => {
  let stack: TestStack;
  let nurse: string;
  let coach: string;
  let supervisor: string;
  beforeAll(async () => {
    stack = await startTestStack();
    [nurse, coach, supervisor] = await Promise.all(
      ['nurse@demo.test', 'coach@demo.test', 'supervisor@demo.test'].map(async (email) => (await stack.login(email)).accessToken),
    );
  });
  afterAll(() => stack.close());

  it("lists only the caller's team's patients, with E.164 phones", async () => {
    const { status, body } = await stack.request('GET', '/api/patients', { token: nurse });
    expect(status).toBe(200);
    expect(body.nextCursor).toBeNull();
    expect(body.items).toHaveLength(4);
    for (const patient of body.items) {
      expect(patient.teamName).toBe('Cardiology');
      for (const phone of patient.phones) {
        expect(phone.number).toMatch(/^\+1\d{10}$/);
        expect(phone.optedOut).toBe(false);
      }
    }
    const all = await stack.request('GET', '/api/patients', { token: supervisor });
    expect(all.body.items).toHaveLength(8);
  });

  it('searches by name and by number', async () => {
    const byName = await stack.request('GET', '/api/patients?search=maria', { token: nurse });
    expect(byName.body.items.map((p: { name: string }) => p.name)).toEqual(['Maria Alvarez']);
    const byNumber = await stack.request('GET', '/api/patients?search=555-0112', { token: nurse });
    expect(byNumber.body.items.map((p: { name: string }) => p.name)).toEqual(['James Okafor']);
    const otherTeam = await stack.request('GET', '/api/patients?search=Aisha', { token: nurse });
    expect(otherTeam.body.items).toEqual([]);
  });

  it("answers 404 (never data) for another team's patient, and for a malformed id", async () => {
    const diabetes = await stack.request('GET', '/api/patients', { token: coach });
    const theirs = diabetes.body.items[0].id as string;
    for (const path of [`/api/patients/${theirs}`, `/api/patients/${theirs}/messages`, '/api/patients/not-a-uuid/messages']) {
      const response = await stack.request('GET', path, { token: nurse });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Patient not found', code: 'not_found' });
    }
    const send = await stack.request('POST', `/api/patients/${theirs}/messages`, { token: nurse, body: { body: 'hi', clientMessageId: 'x-1' } });
    expect(send.status).toBe(404);
  });

  it('lists lines and templates the caller may use', async () => {
    const lines = await stack.request('GET', '/api/lines', { token: nurse });
    expect(lines.status).toBe(200);
    expect(lines.body.items.map((line: { name: string }) => line.name)).toEqual(['Cardiology line']);
    expect(lines.body.items[0]).toMatchObject({ number: '+16175550100', isDefault: true, messagingServiceSid: null });
    const templates = await stack.request('GET', '/api/templates', { token: nurse });
    const names = templates.body.items.map((template: { name: string }) => template.name);
    expect(names).toContain('Blood pressure log');
    expect(names).not.toContain('Glucose reading');
  });
});

import { startTestStack, type TestStack } from '../support/test-stack';
import { DEMO, textLine } from '../support/realtime';
import { simulatorControl } from '../support/simulator-control';
import { waitFor } from '../support/wait';

/** Issue 6 admin/supervisor helpers: teams, assignable users, the HELP reply and webhook URLs. */
describe('teams, users and organisation settings for the app', () => {
  let stack: TestStack;
  let admin: string;
  let supervisor: string;
  let nurse: string;

  beforeAll(async () => {
    stack = await startTestStack();
    [admin, supervisor, nurse] = (await Promise.all(['admin@demo.test', 'supervisor@demo.test', 'nurse@demo.test'].map((email) => stack.login(email)))).map((login) => login.accessToken);
  });
  afterAll(() => stack.close());

  it('lists teams: all for overseers, their own for members', async () => {
    const all = await stack.request('GET', '/api/teams', { token: supervisor });
    expect(all.body.items.map((team: { name: string }) => team.name)).toEqual(['Cardiology', 'Diabetes']);
    const own = await stack.request('GET', '/api/teams', { token: nurse });
    expect(own.body.items.map((team: { name: string }) => team.name)).toEqual(['Cardiology']);
  });

  it('lists active users to supervisors and admins (to reassign), not to members', async () => {
    const users = await stack.request('GET', '/api/users', { token: supervisor });
    expect(users.status).toBe(200);
    expect(users.body.items.map((user: { name: string }) => user.name)).toEqual(['Ada Admin', 'Cody Coach', 'Nina Nurse', 'Sam Supervisor']);
    expect(users.body.items[0]).toEqual({ id: expect.any(String), name: 'Ada Admin', role: 'admin', teamIds: [] });
    expect((await stack.request('GET', '/api/users', { token: nurse })).status).toBe(403);
    const coach = users.body.items.find((user: { name: string }) => user.name === 'Cody Coach');
    expect((await stack.request('POST', `/api/admin/users/${coach.id}/disable`, { token: admin })).status).toBe(200);
    const after = await stack.request('GET', '/api/users', { token: admin });
    expect(after.body.items.map((user: { name: string }) => user.name)).not.toContain('Cody Coach');
    await stack.request('POST', `/api/admin/users/${coach.id}/enable`, { token: admin });
  });

  it('shows the webhook URLs and sets the HELP reply (1 to 320 characters, null for the default)', async () => {
    const settings = await stack.request('GET', '/api/admin/organization', { token: admin });
    expect(settings.body).toMatchObject({
      helpReply: null,
      defaultHelpReply: expect.stringMatching(/Reply STOP to opt out/),
      webhooks: { inbound: `${stack.config.http.publicBaseUrl}/webhooks/twilio/inbound`, status: `${stack.config.http.publicBaseUrl}/webhooks/twilio/status` },
    });
    const tooLong = await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { helpReply: 'x'.repeat(321) } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.message).toMatch(/helpReply/);
    expect((await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { helpReply: '' } })).status).toBe(422);
    expect((await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { helpReply: '   ' } })).status).toBe(422);
    expect((await stack.request('PATCH', '/api/admin/organization', { token: nurse, body: { helpReply: 'Hi' } })).status).toBe(403);

    const text = 'Demo Health: call 555-0100 for your care team. Reply STOP to stop texts.';
    const saved = await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { helpReply: text } });
    expect(saved.status).toBe(200);
    expect(saved.body.helpReply).toBe(text);

    // The patient's HELP gets it.
    await textLine(stack, DEMO.james, DEMO.cardiologyLine, 'HELP');
    const sim = simulatorControl(stack.simulator!.url);
    await waitFor(async () => ((await sim.sentTo(DEMO.james)).some((message) => message.body === text) ? true : undefined), { what: 'custom help reply' });

    const reset = await stack.request('PATCH', '/api/admin/organization', { token: admin, body: { helpReply: null } });
    expect(reset.body.helpReply).toBeNull();
  });
});

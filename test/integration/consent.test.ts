import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, twilioErrorText } from '@care/shared';
import { startTestStack, type TestStack } from '../support/test-stack';
import { simulatorControl } from '../support/simulator-control';
import { inboundParams, postTwilioWebhook } from '../support/twilio-webhook';
import { recordEvents, waitFor } from '../support/wait';

const CARDIOLOGY_LINE = '+16175550100';

interface Phone {
  id: string;
  number: string;
  type: string;
  optedOut: boolean;
}
interface Patient {
  id: string;
  name: string;
  phones: Phone[];
}

describe('consent: STOP/START/HELP keywords, staff opt-out, 21610 both ways, free-text opt-outs', () => {
  let stack: TestStack;
  let sim: ReturnType<typeof simulatorControl>;
  let nurse: string;
  let nurseId: string;
  let coach: string;
  let patients: Patient[];

  beforeAll(async () => {
    stack = await startTestStack();
    sim = simulatorControl(stack.simulator!.url);
    const login = await stack.login('nurse@demo.test');
    nurse = login.accessToken;
    nurseId = login.user.id;
    coach = (await stack.login('coach@demo.test')).accessToken;
    patients = (await stack.request('GET', '/api/patients', { token: nurse })).body.items;
  });
  afterAll(() => stack.close());

  const patient = (name: string) => patients.find((p) => p.name === name)!;
  const mobileOf = (name: string) => patient(name).phones.find((phone) => phone.type === 'mobile')!;
  const optedOut = async (name: string): Promise<boolean> => {
    const profile = await stack.request('GET', `/api/patients/${patient(name).id}`, { token: nurse });
    return profile.body.phones.find((phone: Phone) => phone.id === mobileOf(name).id).optedOut;
  };
  const history = async (name: string, token = nurse) => stack.request('GET', `/api/patients/${patient(name).id}/consent`, { token });
  const thread = async (name: string): Promise<any[]> => (await stack.request('GET', `/api/patients/${patient(name).id}/messages`, { token: nurse })).body.items;
  const send = (name: string, body: string) =>
    stack.request('POST', `/api/patients/${patient(name).id}/messages`, { token: nurse, body: { body, clientMessageId: randomUUID() } });
  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => stack.app.get(MikroORM).em.fork().getConnection().execute(query, params);
  /** A pending REST fault that any Twilio call would consume: proves a refusal happened before Twilio. */
  const armTwilioTripwire = () => sim.setFaults({ nextApiCalls: { count: 1, kind: '500' } });
  const tripwireUntouched = async () => (await sim.faults()).nextApiCalls?.count === 1;

  it('opts out on every STOP-family keyword and back in on every START-family keyword, in any case and spacing', async () => {
    const name = 'Robert Kowalski';
    const number = mobileOf(name).number;
    const stops = [...OPT_OUT_KEYWORDS, 'stop', '  Stop  ', 'unsubscribe', 'Stop!', 'quit.'];
    const starts = [...OPT_IN_KEYWORDS, 'start', ' Yes ', 'unstop'];
    for (let index = 0; index < stops.length; index += 1) {
      // Through the simulator (Twilio adds OptOutType) and as a bare webhook (no Advanced Opt-Out), alternately.
      const viaSimulator = index % 2 === 0;
      const stop = stops[index]!;
      if (viaSimulator) expect((await sim.inbound({ from: number, to: CARDIOLOGY_LINE, body: stop })).body.webhookStatus).toBe(200);
      else expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', inboundParams({ from: number, to: CARDIOLOGY_LINE, body: stop }))).status).toBe(200);
      expect({ keyword: stop, optedOut: await optedOut(name) }).toEqual({ keyword: stop, optedOut: true });

      const start = starts[index % starts.length]!;
      if (viaSimulator) expect((await sim.inbound({ from: number, to: CARDIOLOGY_LINE, body: start })).body.webhookStatus).toBe(200);
      else expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', inboundParams({ from: number, to: CARDIOLOGY_LINE, body: start }))).status).toBe(200);
      expect({ keyword: start, optedOut: await optedOut(name) }).toEqual({ keyword: start, optedOut: false });
    }

    const events = (await history(name)).body.items;
    expect(events).toHaveLength(stops.length * 2);
    // Newest first: the last START.
    expect(events[0]).toMatchObject({ optedOut: false, source: 'sms-keyword', phoneId: mobileOf(name).id, number, recordedBy: null });
    const viaSim = events.find((event: any) => event.keyword === 'STOP' && event.optOutType === 'STOP');
    expect(viaSim).toMatchObject({ optedOut: true, source: 'sms-keyword', messageId: expect.any(String) });
    expect(events.some((event: any) => event.keyword === 'STOPALL' && event.optOutType === null)).toBe(true);
    // The keyword texts themselves are in the thread like any message.
    expect((await thread(name)).filter((message) => message.direction === 'inbound')).toHaveLength(stops.length * 2);
  });

  it("pushes consent:changed and refuses a send to an opted-out number with 409 before calling Twilio; START re-opts in", async () => {
    const name = 'James Okafor';
    const number = mobileOf(name).number;
    const events = recordEvents(await stack.connect(nurse));
    await sim.inbound({ from: number, to: CARDIOLOGY_LINE, body: 'STOP' });
    const pushed = await waitFor(() => events.events.find((e) => e.name === 'consent:changed' && e.payload.data.number === number), { what: 'consent:changed' });
    expect(pushed.payload.data).toMatchObject({ patientId: patient(name).id, phoneId: mobileOf(name).id, optedOut: true, source: 'sms-keyword' });

    await armTwilioTripwire();
    const refused = await send(name, 'Are you there?');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'opted_out', message: expect.stringMatching(/opted out.*START/s) });
    expect(await tripwireUntouched()).toBe(true);
    expect(await sim.sentTo(number)).toEqual([]);
    await sim.clearFaults();

    await sim.inbound({ from: number, to: CARDIOLOGY_LINE, body: 'start' });
    expect(await optedOut(name)).toBe(false);
    const accepted = await send(name, 'Welcome back');
    expect(accepted.status).toBe(202);
    // The outbound queue hands it to Twilio shortly after.
    await waitFor(async () => ((await sim.sentTo(number)).length === 1 ? true : undefined), { what: 'the message at Twilio' });
  });

  it('marks a number opted out when Twilio answers 21610 for a STOP the app never saw, then refuses without calling Twilio', async () => {
    const name = 'Linh Tran';
    const number = mobileOf(name).number;
    // The patient texts STOP while our webhook is unreachable: Twilio blocks the pair, we learn nothing.
    stack.simulator!.setInboundWebhookUrl('http://127.0.0.1:9/webhooks/twilio/inbound');
    try {
      expect((await sim.inbound({ from: number, to: CARDIOLOGY_LINE, body: 'STOP' })).status).toBe(502);
    } finally {
      stack.simulator!.setInboundWebhookUrl(`${stack.config.http.publicBaseUrl}/webhooks/twilio/inbound`);
    }
    expect(await optedOut(name)).toBe(false);

    const events = recordEvents(await stack.connect(nurse));
    const attempt = await send(name, 'Your lab results are ready');
    expect(attempt.status).toBe(202);
    const failed = await waitFor(async () => {
      const message = (await thread(name)).find((m) => m.id === attempt.body.id);
      return message?.status === 'failed' ? message : undefined;
    });
    expect(failed).toMatchObject({ errorCode: 21610, errorMessage: twilioErrorText(21610) });
    const change = await waitFor(() => events.events.find((e) => e.name === 'consent:changed' && e.payload.data.number === number));
    expect(change.payload.data).toMatchObject({ optedOut: true, source: 'twilio-21610', patientId: patient(name).id, phoneId: mobileOf(name).id });
    expect(await optedOut(name)).toBe(true);
    expect((await history(name)).body.items[0]).toMatchObject({ source: 'twilio-21610', optedOut: true, messageId: attempt.body.id });

    await armTwilioTripwire();
    expect((await send(name, 'Second try')).status).toBe(409);
    expect(await tripwireUntouched()).toBe(true);
    await sim.clearFaults();
    expect(await sim.sentTo(number)).toEqual([]);
  });

  it("answers HELP with the organisation's configured reply, sent and logged like any message, once per text", async () => {
    const name = 'Maria Alvarez';
    const number = mobileOf(name).number;
    await sql(`update organization set help_reply = ?`, ['Cardiology texts: reply STOP to opt out. Urgent? Call 555-0100.']);
    const events = recordEvents(await stack.connect(nurse));
    const params = inboundParams({ from: number, to: CARDIOLOGY_LINE, body: ' help ' });
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params)).status).toBe(200);

    const reply = await waitFor(async () => {
      const message = (await thread(name)).find((m) => m.direction === 'outbound' && m.status === 'delivered');
      return message;
    }, { what: 'help reply delivered' });
    expect(reply).toMatchObject({ body: 'Cardiology texts: reply STOP to opt out. Urgent? Call 555-0100.', sentBy: null, to: number, from: CARDIOLOGY_LINE, twilioSid: expect.stringMatching(/^SM/) });
    expect(events.events.some((e) => e.name === 'message:new' && e.payload.data.id === reply.id)).toBe(true);
    expect((await sim.sentTo(number)).map((m) => m.body)).toEqual([reply.body]);
    const audit = await sql(`select user_id, details from audit_log where action = 'message.auto-reply'`);
    expect(audit).toEqual([{ user_id: null, details: expect.objectContaining({ messageId: reply.id, reason: 'help' }) }]);

    // Twilio retrying the same webhook does not send the reply again.
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params)).status).toBe(200);
    await stack.simulator!.idle();
    expect(await sim.sentTo(number)).toHaveLength(1);

    // INFO with no configured reply: the default names the organisation.
    await sql(`update organization set help_reply = null`);
    await sim.inbound({ from: number, to: CARDIOLOGY_LINE, body: 'INFO' });
    const second = await waitFor(async () => {
      const sent = await sim.sentTo(number);
      return sent.length === 2 ? sent[1] : undefined;
    });
    expect(second!.body).toMatch(/Reply STOP to opt out/);
    expect(second!.body).not.toContain('555-0100');
  });

  it('does not answer HELP from an opted-out number', async () => {
    const name = 'Aisha Rahman';
    const coachToken = coach;
    const aisha = (await stack.request('GET', '/api/patients', { token: coachToken })).body.items.find((p: Patient) => p.name === name);
    const number = aisha.phones[0].number;
    await sim.inbound({ from: number, to: '+16175550200', body: 'STOP' });
    await sim.inbound({ from: number, to: '+16175550200', body: 'HELP' });
    await stack.simulator!.idle();
    expect(await sim.sentTo(number)).toEqual([]);
  });

  it('flags free-text opt-outs for the care team without changing consent', async () => {
    const name = 'James Okafor';
    const number = mobileOf(name).number;
    const events = recordEvents(await stack.connect(nurse));
    await sim.inbound({ from: number, to: CARDIOLOGY_LINE, body: 'Please stop texting me' });
    await sim.inbound({ from: number, to: CARDIOLOGY_LINE, body: 'STOP PLEASE' });
    await sim.inbound({ from: number, to: CARDIOLOGY_LINE, body: 'I will stop by the clinic tomorrow' });

    const inbound = (await thread(name)).filter((m) => m.direction === 'inbound').slice(-3);
    expect(inbound.map((m) => [m.body, m.flags ?? []])).toEqual([
      ['Please stop texting me', ['possible-opt-out']],
      ['STOP PLEASE', ['possible-opt-out']],
      ['I will stop by the clinic tomorrow', []],
    ]);
    const pushed = await waitFor(() => events.events.find((e) => e.name === 'message:new' && e.payload.data.body === 'Please stop texting me'));
    expect(pushed.payload.data.flags).toEqual(['possible-opt-out']);
    expect(await optedOut(name)).toBe(false);
  });

  it('lets staff record an opt-out the patient asked for by phone (reason required, audited, pushed) but never opt them back in', async () => {
    const name = 'Maria Alvarez';
    const phone = mobileOf(name);
    const path = `/api/patients/${patient(name).id}/phones/${phone.id}/opt-out`;

    const missing = await stack.request('POST', path, { token: nurse, body: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toMatch(/reason/);
    expect((await stack.request('POST', path, { token: nurse, body: { reason: '   ' } })).status).toBe(422);
    expect((await stack.request('POST', path, { token: coach, body: { reason: 'asked by phone' } })).status).toBe(404);
    expect((await stack.request('POST', `/api/patients/${patient(name).id}/phones/${randomUUID()}/opt-out`, { token: nurse, body: { reason: 'x' } })).status).toBe(404);
    expect(await optedOut(name)).toBe(false);

    const events = recordEvents(await stack.connect(nurse));
    const recorded = await stack.request('POST', path, { token: nurse, body: { reason: 'Patient called and asked us to stop texting' } });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      phoneId: phone.id,
      number: phone.number,
      optedOut: true,
      source: 'staff',
      reason: 'Patient called and asked us to stop texting',
      recordedBy: { id: nurseId, name: 'Nina Nurse' },
    });
    const pushed = await waitFor(() => events.events.find((e) => e.name === 'consent:changed' && e.payload.data.number === phone.number));
    expect(pushed.payload.data).toMatchObject({ optedOut: true, source: 'staff', patientId: patient(name).id, phoneId: phone.id });
    expect(await optedOut(name)).toBe(true);
    expect((await history(name)).body.items[0]).toMatchObject({ id: recorded.body.id, source: 'staff' });
    const audit = await sql(`select user_id, patient_id, details from audit_log where action = 'consent.opt-out' and user_id is not null`);
    expect(audit).toEqual([{ user_id: nurseId, patient_id: patient(name).id, details: expect.objectContaining({ source: 'staff', phoneId: phone.id }) }]);
    // The reason is PHI: it stays in the consent history, not the audit log.
    expect(JSON.stringify(audit)).not.toContain('asked us');

    // There is no staff opt-in, whatever the verb.
    for (const verb of ['opt-in', 'opt-back-in', 'consent']) {
      const attempt = await stack.request('POST', `/api/patients/${patient(name).id}/phones/${phone.id}/${verb}`, { token: nurse, body: { reason: 'patient agreed' } });
      expect(attempt.status).toBe(404);
    }
    expect(await optedOut(name)).toBe(true);
    // Only the patient's own START does it.
    await sim.inbound({ from: phone.number, to: CARDIOLOGY_LINE, body: 'START' });
    expect(await optedOut(name)).toBe(false);
  });

  it("shows the consent history only to the patient's team, newest first, as a page", async () => {
    const own = await history('Maria Alvarez');
    expect(own.status).toBe(200);
    expect(own.body).toEqual({ items: expect.any(Array), nextCursor: null });
    const times = own.body.items.map((item: { at: string }) => item.at);
    expect(times).toEqual([...times].sort().reverse());
    expect((await history('Maria Alvarez', coach)).status).toBe(404);
  });
});

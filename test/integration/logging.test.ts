import { randomUUID } from 'node:crypto';
import { startTestStack, type TestStack } from '../support/test-stack';
import { inboundParams, postTwilioWebhook } from '../support/twilio-webhook';
import { waitFor } from '../support/wait';

const LINE = '+16175550100';
const MARIA = '+16175550111';
const SECRET_BODY = 'my insulin dose is 42 units';
const REPLY_BODY = 'thanks for letting us know about the dose';

/** Logs are structured JSON and carry no PHI or secrets, even at info level, through a full send/receive. */
describe('structured logs without PHI', () => {
  const logLines: string[] = [];
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ logLines });
  });
  afterAll(() => stack.close());

  it('logs each request with an id, and never bodies, numbers, names, tokens or signatures', async () => {
    const { accessToken } = await stack.login('nurse@demo.test');
    const maria = (await stack.request('GET', '/api/patients?search=Maria%20Alvarez', { token: accessToken })).body.items[0];
    const inbound = inboundParams({ from: MARIA, to: LINE, body: SECRET_BODY });
    const signature = (await import('twilio')).default.getExpectedTwilioSignature('00000000000000000000000000000000', `${stack.config.http.publicBaseUrl}/webhooks/twilio/inbound`, inbound);
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', inbound)).status).toBe(200);
    await postTwilioWebhook(stack, '/webhooks/twilio/inbound', { ...inbound, Body: 'forged' }, { signature: 'bad' });
    const sent = await stack.request('POST', `/api/patients/${maria.id}/messages`, { token: accessToken, body: { body: REPLY_BODY, clientMessageId: randomUUID() } });
    expect(sent.status).toBe(202);
    await waitFor(async () => {
      const items = (await stack.request('GET', `/api/patients/${maria.id}/messages`, { token: accessToken })).body.items as { id: string; status: string }[];
      return items.find((m) => m.id === sent.body.id && m.status === 'delivered');
    }, { what: 'delivered' });
    const withRequestId = await fetch(`${stack.url}/api/patients`, { headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': 'trace-abc-123' } });
    expect(withRequestId.headers.get('x-request-id')).toBe('trace-abc-123');

    const lines = logLines.join('');
    // The capture works: request lines are there, as JSON with ids and statuses.
    const entries = logLines.flatMap((chunk) => chunk.split('\n').filter(Boolean)).map((line) => JSON.parse(line) as { req?: { id: string; path: string }; res?: { statusCode: number } });
    expect(entries.some((entry) => entry.req?.path === '/webhooks/twilio/inbound' && entry.res?.statusCode === 200)).toBe(true);
    expect(entries.some((entry) => entry.req?.path === '/webhooks/twilio/inbound' && entry.res?.statusCode === 403)).toBe(true);
    expect(entries.some((entry) => entry.req?.id === 'trace-abc-123')).toBe(true);

    // One request id follows a text from the click to Twilio: the outbound job logs with it.
    const traced = await fetch(`${stack.url}/api/patients/${maria.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', 'x-request-id': 'trace-send-42' },
      body: JSON.stringify({ body: 'traced text', clientMessageId: randomUUID() }),
    });
    expect(traced.status).toBe(202);
    const sentEntry = await waitFor(
      () =>
        logLines
          .flatMap((chunk) => chunk.split('\n').filter(Boolean))
          .map((line) => JSON.parse(line) as { requestId?: string; jobId?: string; msg?: string; queue?: string })
          .find((entry) => entry.requestId === 'trace-send-42' && typeof entry.jobId === 'string' && /handed to Twilio/.test(entry.msg ?? '')),
      { what: 'the job log line with the request id' },
    );
    expect(sentEntry.queue).toBe('outbound-sms');

    for (const secret of [SECRET_BODY, REPLY_BODY, MARIA, MARIA.slice(2), 'Maria', 'Alvarez', accessToken, signature, 'demo-password', 'nurse@demo.test']) {
      expect({ secret, found: lines.includes(secret) }).toEqual({ secret, found: false });
    }
  });
});

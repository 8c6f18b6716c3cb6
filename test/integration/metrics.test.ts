import { startTestStack, type TestStack } from '../support/test-stack';
import { inboundParams, postTwilioWebhook } from '../support/twilio-webhook';

const TOKEN = 'metrics-token-0123456789';

describe('Prometheus metrics at /metrics', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // No outbound worker: an accepted text stays queued, so the queue gauges have something to show.
    stack = await startTestStack({ env: { METRICS_TOKEN: TOKEN, OUTBOUND_WORKER: 'false' } });
  });
  afterAll(() => stack.close());

  const scrape = async (token?: string) => {
    const response = await fetch(`${stack.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
  };
  const value = (text: string, series: string): number => {
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
    return line ? Number(line.split(' ')[1]) : Number.NaN;
  };

  it('refuses a scrape without the token', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('wrong-token-0123456789')).status).toBe(401);
  });

  it('counts webhooks by outcome, signature failures, messages, sockets, and exposes runtime metrics', async () => {
    const { accessToken } = await stack.login('nurse@demo.test');
    const socket = await stack.connect(accessToken);
    const params = inboundParams({ from: '+16175550111', to: '+16175550100', body: 'metrics please' });
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params)).status).toBe(200);
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', params, { signature: 'forged' })).status).toBe(403);

    const { status, text, type } = await scrape(TOKEN);
    expect(status).toBe(200);
    expect(type).toMatch(/text\/plain/);
    expect(value(text, 'care_twilio_webhooks_total{kind="inbound",outcome="accepted"}')).toBe(1);
    expect(value(text, 'care_twilio_webhooks_total{kind="inbound",outcome="forbidden"}')).toBe(1);
    expect(value(text, 'care_twilio_signature_failures_total')).toBe(1);
    expect(value(text, 'care_messages_received_total')).toBe(1);
    expect(value(text, 'care_connected_sockets')).toBe(1);
    expect(value(text, 'care_http_requests_total{method="POST",route="/api/auth/login",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('care_nodejs_eventloop_lag_seconds');
    expect(text).toMatch(/care_db_pool_connections\{state="waiting"\} \d+/);
    expect(value(text, 'care_outbound_send_retries')).toBe(0);
    // The inbound text pushed message:new and inbox:updated.
    expect(value(text, 'care_event_push_delay_seconds_count')).toBeGreaterThanOrEqual(2);
    // Labels carry routes, never concrete paths or numbers.
    expect(text).not.toContain('+1617');
    socket.disconnect();
  });

  it('shows the outbound queue per line: depth and the age of the oldest queued text', async () => {
    const { accessToken } = await stack.login('nurse@demo.test');
    const james = (await stack.request('GET', '/api/patients?search=James', { token: accessToken })).body.items[0];
    const sent = await stack.request('POST', `/api/patients/${james.id}/messages`, { token: accessToken, body: { body: 'queued for metrics', clientMessageId: 'metrics-queue-1' } });
    expect(sent.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { text } = await scrape(TOKEN);
    expect(value(text, `care_outbound_queue_depth{line="${sent.body.lineId}",status="queued"}`)).toBe(1);
    expect(value(text, `care_outbound_queue_oldest_seconds{line="${sent.body.lineId}"}`)).toBeGreaterThanOrEqual(1);
  });
});

describe('metrics without METRICS_TOKEN', () => {
  it('are disabled (404)', async () => {
    const stack = await startTestStack();
    try {
      const response = await fetch(`${stack.url}/metrics`);
      expect(response.status).toBe(404);
    } finally {
      await stack.close();
    }
  });
});

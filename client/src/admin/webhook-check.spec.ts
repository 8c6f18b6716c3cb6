import { checkInboundWebhook } from './webhook-check';

const answering = (status: number) => (async () => ({ status }) as Response) as unknown as typeof fetch;

describe('checkInboundWebhook', () => {
  it('counts a 403 for an unsigned request as success', async () => {
    const calls: [string, RequestInit][] = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return { status: 403 } as Response;
    }) as unknown as typeof fetch;
    const result = await checkInboundWebhook(fetchImpl, 'http://localhost:3000/webhooks/twilio/inbound');
    expect(result).toMatchObject({ ok: true, status: 403 });
    expect(calls[0]?.[0]).toBe('http://localhost:3000/webhooks/twilio/inbound');
    expect(calls[0]?.[1].method).toBe('POST');
  });

  it('explains every other answer', async () => {
    expect(await checkInboundWebhook(answering(200), 'u')).toMatchObject({ ok: false, message: expect.stringMatching(/not being checked/) });
    expect(await checkInboundWebhook(answering(404), 'u')).toMatchObject({ ok: false, message: expect.stringMatching(/404/) });
    expect(await checkInboundWebhook(answering(502), 'u')).toMatchObject({ ok: false, message: expect.stringMatching(/502/) });
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await checkInboundWebhook(failing, 'u')).toMatchObject({ ok: false, status: 0 });
  });
});

import { startTestStack, type TestSocket, type TestStack } from '../support/test-stack';
import { inboundParams, postTwilioWebhook } from '../support/twilio-webhook';
import { waitFor } from '../support/wait';

const EVENTS = 60;

/** A socket whose client stops reading (a frozen laptop, a congested link) must not hold up the others. */
describe('one slow socket does not slow the others', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('delivers every event to the healthy sockets while one socket is not reading at all', async () => {
    const { accessToken } = await stack.login('nurse@demo.test');
    const sockets: TestSocket[] = [];
    for (let i = 0; i < 4; i += 1) sockets.push(await stack.connect(accessToken));
    const slow = await stack.connect(accessToken);
    // Stop reading from the TCP connection under the websocket: the server's writes pile up.
    const raw = (slow.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } }).transport.ws._socket;
    raw.pause();

    const received = sockets.map(() => new Set<string>());
    sockets.forEach((socket, index) => socket.on('message:new', (event) => void received[index]!.add(event.data.body)));
    const slowReceived = new Set<string>();
    slow.on('message:new', (event) => void slowReceived.add(event.data.body));

    const bodies = Array.from({ length: EVENTS }, (_, i) => `slow-socket ${i} ${'x'.repeat(400)}`);
    for (const body of bodies) {
      expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', inboundParams({ from: '+16175550112', to: '+16175550100', body }))).status).toBe(200);
    }
    await waitFor(() => (received.every((set) => set.size === EVENTS) ? true : undefined), { timeoutMs: 20_000, what: 'every healthy socket has every event' });
    // The paused socket got (next to) nothing meanwhile, which proves it really was not reading.
    expect(slowReceived.size).toBeLessThan(EVENTS);

    raw.resume();
    await waitFor(() => (slowReceived.size === EVENTS ? true : undefined), { timeoutMs: 20_000, what: 'the slow socket catches up once it reads again' });
  }, 60_000);
});

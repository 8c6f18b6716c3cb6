import { aMessage } from '../../testing/factories';
import { RealtimeClient, isAuthError, normaliseAck, type ConnectionStatus, type ResyncReason } from './realtime-client';
import type { ClientRequestName, RealtimeTransport, TransportHandlers } from './transport';

interface Sent {
  name: ClientRequestName;
  payload: object;
  resolve: (answer: unknown) => void;
  reject: (error: unknown) => void;
}

/** A socket stand-in: the test plays the server by answering requests and pushing events. */
class FakeTransport implements RealtimeTransport {
  handlers!: TransportHandlers;
  readonly sent: Sent[] = [];
  connects = 0;
  disconnects = 0;

  connect(): void {
    this.connects++;
  }
  disconnect(): void {
    this.disconnects++;
  }
  request(name: ClientRequestName, payload: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.sent.push({ name, payload, resolve, reject }));
  }

  named(name: ClientRequestName): Sent[] {
    return this.sent.filter((sent) => sent.name === name);
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const event = (eventId: number, id = `m${eventId}`) => ({ eventId, type: 'message:new', at: '', data: aMessage({ id }) });

function setup() {
  const transport = new FakeTransport();
  const statuses: ConnectionStatus[] = [];
  const resyncs: ResyncReason[] = [];
  const onAuthError = jest.fn();
  const timers: Array<() => void> = [];
  const client = new RealtimeClient({
    createTransport: (handlers) => {
      transport.handlers = handlers;
      return transport;
    },
    onStatus: (status) => statuses.push(status),
    onAuthError,
    setTimer: (callback) => timers.push(callback),
    clearTimer: () => undefined,
  });
  client.onResync((reason) => resyncs.push(reason));
  const received: string[] = [];
  client.on('message:new', (message) => received.push(message.id));
  return { client, transport, statuses, resyncs, onAuthError, timers, received };
}

describe('RealtimeClient', () => {
  it('connects, and on the first connect asks screens to reload instead of syncing from nothing', async () => {
    const { client, transport, statuses, resyncs } = setup();
    client.start();
    expect(transport.connects).toBe(1);
    expect(client.status).toBe('connecting');
    transport.handlers.connected();
    await flush();
    expect(transport.named('sync')).toHaveLength(0);
    expect(resyncs).toEqual(['initial']);
    expect(statuses).toEqual(['connecting', 'live']);
  });

  it('syncs from a little before the last seen eventId on reconnect and applies the replay once', async () => {
    const { client, transport, statuses, received } = setup();
    client.start();
    transport.handlers.connected();
    transport.handlers.event(event(10));
    transport.handlers.disconnected('transport close', true);
    expect(client.status).toBe('reconnecting');

    transport.handlers.connected();
    const [sync] = transport.named('sync');
    expect(sync?.payload).toEqual({ afterEventId: 0 });
    // A live event arriving during the sync waits for the replay so order is kept.
    transport.handlers.event(event(13));
    expect(received).toEqual(['m10']);
    sync?.resolve({ ok: true, events: [event(11), event(12), event(13)] });
    await flush();
    expect(received).toEqual(['m10', 'm11', 'm12', 'm13']);
    expect(client.lastEventId).toBe(13);
    expect(statuses.at(-1)).toBe('live');
  });

  it('recovers an event pushed out of order just before the connection dropped, without doubling the others', async () => {
    const { client, transport, received } = setup();
    client.start();
    transport.handlers.connected();
    transport.handlers.event(event(1000));
    transport.handlers.event(event(1262));
    // 1260 committed before 1262 but its push was still in flight when the socket dropped.
    transport.handlers.disconnected('transport close', true);
    transport.handlers.connected();
    const [sync] = transport.named('sync');
    expect(sync?.payload).toEqual({ afterEventId: 1262 - 500 });
    sync?.resolve({ ok: true, events: [event(1000), event(1260), event(1262)] });
    await flush();
    expect(received).toEqual(['m1000', 'm1262', 'm1260']);
    expect(client.lastEventId).toBe(1262);
  });

  it('signals a resync when the server says it is too far behind', async () => {
    const { client, transport, resyncs } = setup();
    client.start();
    transport.handlers.connected();
    transport.handlers.event(event(1));
    transport.handlers.disconnected('ping timeout', true);
    transport.handlers.connected();
    transport.named('sync')[0]?.resolve({ ok: false, error: 'resync' });
    await flush();
    expect(resyncs).toEqual(['initial', 'too-far-behind']);
    expect(client.status).toBe('live');
  });

  it('treats an unanswered sync as missed events', async () => {
    const { client, transport, resyncs, received } = setup();
    client.start();
    transport.handlers.connected();
    transport.handlers.event(event(1));
    transport.handlers.disconnected('ping timeout', true);
    transport.handlers.connected();
    transport.handlers.event(event(2));
    transport.named('sync')[0]?.reject(new Error('operation has timed out'));
    await flush();
    expect(resyncs.at(-1)).toBe('sync-failed');
    expect(received).toEqual(['m1', 'm2']);
  });

  it('ignores the answer to a sync from a connection that has since dropped', async () => {
    const { client, transport, received } = setup();
    client.start();
    transport.handlers.connected();
    transport.handlers.event(event(1));
    transport.handlers.disconnected('transport close', true);
    transport.handlers.connected();
    const stale = transport.named('sync')[0];
    transport.handlers.disconnected('transport close', true);
    stale?.resolve({ ok: true, events: [event(2)] });
    await flush();
    expect(received).toEqual(['m1']);
  });

  it('watches a thread, re-watches after reconnect, and unwatches', async () => {
    const { client, transport } = setup();
    client.start();
    const onError = jest.fn();
    const onOk = jest.fn();
    const stop = client.watchThread('p1', { onOk, onError });
    expect(transport.named('thread:watch')).toHaveLength(0);

    transport.handlers.connected();
    expect(transport.named('thread:watch').map((sent) => sent.payload)).toEqual([{ patientId: 'p1' }]);
    transport.named('thread:watch')[0]?.resolve({ ok: true });
    await flush();
    expect(onOk).toHaveBeenCalledTimes(1);

    transport.handlers.disconnected('transport close', true);
    transport.handlers.connected();
    expect(transport.named('thread:watch')).toHaveLength(2);
    transport.named('thread:watch')[1]?.resolve({ ok: false, error: 'Patient not found' });
    await flush();
    expect(onError).toHaveBeenCalledWith('Patient not found');

    stop();
    expect(transport.named('thread:unwatch').map((sent) => sent.payload)).toEqual([{ patientId: 'p1' }]);
  });

  it('sends a watch at once when already connected and reports an ack timeout clearly', async () => {
    const { client, transport } = setup();
    client.start();
    transport.handlers.connected();
    const onError = jest.fn();
    client.watchThread('p2', { onError });
    transport.named('thread:watch')[0]?.reject(new Error('operation has timed out'));
    await flush();
    expect(onError).toHaveBeenCalledWith(expect.stringMatching(/did not answer within 5 seconds/u));
  });

  it('logs out on an authentication refusal at the handshake', () => {
    const { client, transport, onAuthError } = setup();
    client.start();
    transport.handlers.connectError({ message: 'Unauthorized' }, false);
    expect(onAuthError).toHaveBeenCalledTimes(1);
    expect(transport.disconnects).toBe(1);
    expect(client.status).toBe('offline');
  });

  it('retries by itself when the socket gave up for another reason', () => {
    const { client, transport, timers, onAuthError } = setup();
    client.start();
    transport.handlers.connectError({ message: 'server error' }, false);
    expect(onAuthError).not.toHaveBeenCalled();
    expect(timers).toHaveLength(1);
    timers[0]?.();
    expect(transport.connects).toBe(2);
  });

  it('retries after the server closed the connection, showing "reconnecting"', () => {
    const { client, transport, timers } = setup();
    client.start();
    transport.handlers.connected();
    transport.handlers.disconnected('io server disconnect', false);
    expect(client.status).toBe('reconnecting');
    timers[0]?.();
    expect(transport.connects).toBe(2);
  });

  it('stops cleanly and can start again with fresh state', () => {
    const { client, transport } = setup();
    client.start();
    transport.handlers.connected();
    transport.handlers.event(event(5));
    client.stop();
    expect(client.status).toBe('idle');
    client.start();
    expect(client.lastEventId).toBeNull();
  });
});

describe('isAuthError', () => {
  it('recognises refusals about the token', () => {
    expect(isAuthError({ message: 'Unauthorized' })).toBe(true);
    expect(isAuthError({ message: 'Invalid or expired token' })).toBe(true);
    expect(isAuthError({ message: 'Missing bearer token' })).toBe(true);
    expect(isAuthError({ message: 'unauthorized' })).toBe(true);
    expect(isAuthError({ message: 'jwt expired' })).toBe(true);
    expect(isAuthError({ message: 'x', data: { statusCode: 401 } })).toBe(true);
  });

  it('does not mistake network trouble for it', () => {
    expect(isAuthError({ message: 'xhr poll error' })).toBe(false);
    expect(isAuthError({ message: 'websocket error' })).toBe(false);
    expect(isAuthError({ message: 'timeout' })).toBe(false);
  });
});

describe('normaliseAck', () => {
  it('keeps ok answers and turns anything else into an error', () => {
    expect(normaliseAck({ ok: true, events: [] })).toEqual({ ok: true, events: [] });
    expect(normaliseAck({ ok: false, error: 'resync' })).toEqual({ ok: false, error: 'resync' });
    expect(normaliseAck(undefined)).toMatchObject({ ok: false });
    expect(normaliseAck({ ok: false })).toMatchObject({ ok: false, error: expect.any(String) });
  });
});

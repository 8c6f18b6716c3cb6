import type { ClientToServerEvents, ServerToClientEvents } from '@care/shared';
import { io, type Socket } from 'socket.io-client';
import { SERVER_EVENT_TYPES } from './event-stream';
import type { TransportFactory } from './transport';

export interface SocketTransportOptions {
  url: string;
  /** Read at every (re)connection attempt so a fresh token is used. */
  getToken: () => string | null;
}

/** The only file that touches socket.io-client. */
export function socketTransport(options: SocketTransportOptions): TransportFactory {
  return (handlers) => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.url, {
      autoConnect: false,
      transports: ['polling', 'websocket'],
      auth: (callback) => callback({ token: options.getToken() ?? '' }),
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    });
    // Untyped view for the generic parts; the shared types still describe every event.
    const loose = socket as unknown as {
      on(event: string, listener: (...args: unknown[]) => void): void;
      timeout(ms: number): { emitWithAck(event: string, payload: object): Promise<unknown> };
    };

    socket.on('connect', () => handlers.connected());
    socket.on('disconnect', (reason) => handlers.disconnected(reason, socket.active));
    socket.on('connect_error', (error: Error & { data?: unknown }) =>
      handlers.connectError({ message: error.message, data: error.data }, socket.active),
    );
    for (const type of SERVER_EVENT_TYPES) loose.on(type, (envelope) => handlers.event(envelope));

    return {
      connect: () => {
        socket.connect();
      },
      disconnect: () => {
        socket.disconnect();
      },
      request: (name, payload, timeoutMs) => loose.timeout(timeoutMs).emitWithAck(name, payload),
    };
  };
}

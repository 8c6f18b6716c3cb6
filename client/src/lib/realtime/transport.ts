/** What the realtime client needs from a socket; the Socket.IO adapter implements it, tests fake it. */
export type ClientRequestName = 'sync' | 'thread:watch' | 'thread:unwatch' | 'thread:typing';

export interface ConnectErrorInfo {
  message: string;
  /** Whatever the server attached to the handshake refusal (`err.data` in Socket.IO). */
  data?: unknown;
}

export interface TransportHandlers {
  connected(): void;
  /** `willReconnect` is false when the client closed it or the server kicked it out for good. */
  disconnected(reason: string, willReconnect: boolean): void;
  /** `willRetry` is false when the underlying client gave up (Socket.IO does after a middleware refusal). */
  connectError(error: ConnectErrorInfo, willRetry: boolean): void;
  event(raw: unknown): void;
}

export interface RealtimeTransport {
  connect(): void;
  disconnect(): void;
  /** Emits and waits for the acknowledgement; rejects after `timeoutMs`. */
  request(name: ClientRequestName, payload: object, timeoutMs: number): Promise<unknown>;
}

export type TransportFactory = (handlers: TransportHandlers) => RealtimeTransport;

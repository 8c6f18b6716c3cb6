import { SYNC_REPLAY_OVERLAP } from '@care/shared';
import { EventStream, type EventHandler, type ServerEventType } from './event-stream';
import type { ConnectErrorInfo, RealtimeTransport, TransportFactory } from './transport';

export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

/** Why screens should reload their data. */
export type ResyncReason = 'initial' | 'too-far-behind' | 'sync-failed';

export type AckOutcome = { ok: true } | { ok: false; error: string };

export interface WatchCallbacks {
  /** The server accepted the watch (again, after a reconnect). */
  onOk?: () => void;
  /** Refused or no answer; the message is for people. */
  onError?: (message: string) => void;
}

export interface RealtimeClientOptions {
  createTransport: TransportFactory;
  ackTimeoutMs?: number;
  /** Delay before trying again when the socket gave up (a refused handshake that was not about auth). */
  retryDelayMs?: number;
  onStatus?: (status: ConnectionStatus) => void;
  /** The server refused our token: the session is over. */
  onAuthError?: () => void;
  reportError?: (error: unknown) => void;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

interface Watch {
  patientId: string;
  callbacks: WatchCallbacks;
}

/**
 * The app's one socket: connection status, catch-up with `sync` after every
 * (re)connect, thread watches that survive reconnects, and typed subscriptions.
 */
export class RealtimeClient {
  readonly #stream: EventStream;
  readonly #options: Required<Pick<RealtimeClientOptions, 'ackTimeoutMs' | 'retryDelayMs'>> & RealtimeClientOptions;
  readonly #resyncListeners = new Set<(reason: ResyncReason) => void>();
  readonly #watches = new Set<Watch>();
  #transport: RealtimeTransport | null = null;
  #connected = false;
  #status: ConnectionStatus = 'idle';
  #connectedOnce = false;
  /** Bumped on every connect/disconnect so answers from an old connection are ignored. */
  #generation = 0;
  #retryTimer: unknown = null;

  constructor(options: RealtimeClientOptions) {
    this.#options = { ackTimeoutMs: 5000, retryDelayMs: 3000, ...options };
    this.#stream = new EventStream({ reportError: options.reportError });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get lastEventId(): number | null {
    return this.#stream.lastEventId;
  }

  start(): void {
    if (this.#transport) return;
    this.#connectedOnce = false;
    this.#stream.reset();
    this.#setStatus('connecting');
    this.#transport = this.#options.createTransport({
      connected: () => void this.#onConnected(),
      disconnected: (_reason, willReconnect) => this.#onDisconnected(willReconnect),
      connectError: (error, willRetry) => this.#onConnectError(error, willRetry),
      event: (raw) => this.#stream.receive(raw),
    });
    this.#transport.connect();
  }

  stop(): void {
    this.#clearRetry();
    this.#connected = false;
    this.#generation++;
    const transport = this.#transport;
    this.#transport = null;
    transport?.disconnect();
    this.#stream.abortSync();
    this.#setStatus('idle');
  }

  on<K extends ServerEventType>(type: K, handler: EventHandler<K>): () => void {
    return this.#stream.on(type, handler);
  }

  /** Screens reload their data when this fires: events may have been missed. */
  onResync(listener: (reason: ResyncReason) => void): () => void {
    this.#resyncListeners.add(listener);
    return () => {
      this.#resyncListeners.delete(listener);
    };
  }

  /** Watches a thread until the returned function is called; re-sent after every reconnect. */
  watchThread(patientId: string, callbacks: WatchCallbacks = {}): () => void {
    const watch: Watch = { patientId, callbacks };
    this.#watches.add(watch);
    if (this.#connected) void this.#sendWatch(patientId);
    return () => {
      if (!this.#watches.delete(watch)) return;
      const stillWatched = [...this.#watches].some((other) => other.patientId === patientId);
      if (!stillWatched && this.#connected) void this.request('thread:unwatch', { patientId });
    };
  }

  /** Emits with an acknowledgement and a timeout; never throws. */
  async request(name: 'sync' | 'thread:watch' | 'thread:unwatch' | 'thread:typing', payload: object): Promise<AckOutcome & Record<string, unknown>> {
    const transport = this.#transport;
    if (!transport) return { ok: false, error: 'Not connected.' };
    try {
      const answer = await transport.request(name, payload, this.#options.ackTimeoutMs);
      return normaliseAck(answer);
    } catch {
      return { ok: false, error: `The server did not answer within ${Math.round(this.#options.ackTimeoutMs / 1000)} seconds.` };
    }
  }

  async #onConnected(): Promise<void> {
    this.#clearRetry();
    this.#connected = true;
    const generation = ++this.#generation;
    const firstTime = !this.#connectedOnce;
    this.#connectedOnce = true;

    const watched = new Set([...this.#watches].map((watch) => watch.patientId));

    const after = this.#stream.lastEventId;
    if (after === null) {
      // No event seen yet, so nothing to catch up from: screens reload instead.
      for (const patientId of watched) void this.#sendWatch(patientId);
      this.#setStatus('live');
      this.#emitResync(firstTime ? 'initial' : 'sync-failed');
      return;
    }

    this.#stream.beginSync();
    for (const patientId of watched) void this.#sendWatch(patientId);
    // Ask from a little before the highest id seen: see SYNC_REPLAY_OVERLAP (duplicates are dropped).
    const answer = await this.request('sync', { afterEventId: Math.max(0, after - SYNC_REPLAY_OVERLAP) });
    if (generation !== this.#generation) return;
    if (answer.ok && Array.isArray(answer['events'])) {
      this.#stream.endSync(answer['events']);
      this.#setStatus('live');
      return;
    }
    this.#stream.abortSync();
    this.#setStatus('live');
    this.#emitResync(!answer.ok && answer.error === 'resync' ? 'too-far-behind' : 'sync-failed');
  }

  #onDisconnected(willReconnect: boolean): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#generation++;
    this.#stream.abortSync();
    if (!this.#transport) return;
    // Either Socket.IO reconnects by itself or we retry (the server closed us); both are "reconnecting".
    this.#setStatus('reconnecting');
    if (!willReconnect) this.#scheduleRetry();
  }

  #onConnectError(error: ConnectErrorInfo, willRetry: boolean): void {
    if (!this.#transport) return;
    if (isAuthError(error)) {
      this.stop();
      this.#setStatus('offline');
      this.#options.onAuthError?.();
      return;
    }
    this.#setStatus(this.#connectedOnce ? 'reconnecting' : 'connecting');
    if (!willRetry) this.#scheduleRetry();
  }

  async #sendWatch(patientId: string): Promise<void> {
    const answer = await this.request('thread:watch', { patientId });
    for (const watch of [...this.#watches]) {
      if (watch.patientId !== patientId) continue;
      if (answer.ok) watch.callbacks.onOk?.();
      else watch.callbacks.onError?.(answer.error);
    }
  }

  #scheduleRetry(): void {
    this.#clearRetry();
    const setTimer = this.#options.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
    this.#retryTimer = setTimer(() => {
      this.#retryTimer = null;
      this.#transport?.connect();
    }, this.#options.retryDelayMs);
  }

  #clearRetry(): void {
    if (this.#retryTimer === null) return;
    const clearTimer = this.#options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    clearTimer(this.#retryTimer);
    this.#retryTimer = null;
  }

  #emitResync(reason: ResyncReason): void {
    for (const listener of [...this.#resyncListeners]) {
      try {
        listener(reason);
      } catch (error) {
        this.#options.reportError?.(error);
      }
    }
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#options.onStatus?.(status);
  }
}

/** Acks are `{ok: true, ...}` or `{ok: false, error}`; anything else counts as a failure. */
export function normaliseAck(answer: unknown): AckOutcome & Record<string, unknown> {
  if (typeof answer !== 'object' || answer === null) return { ok: false, error: 'The server sent an unexpected answer.' };
  const record = answer as Record<string, unknown>;
  if (record['ok'] === true) return { ...record, ok: true };
  const error = typeof record['error'] === 'string' && record['error'] ? record['error'] : 'The server refused the request.';
  return { ...record, ok: false, error };
}

/** A handshake refused because of the token (as opposed to the network or a server fault). */
export function isAuthError(error: ConnectErrorInfo): boolean {
  const data = error.data;
  if (typeof data === 'object' && data !== null) {
    const record = data as Record<string, unknown>;
    if (record['statusCode'] === 401 || record['status'] === 401) return true;
    if (typeof record['code'] === 'string' && /unauthori[sz]ed|auth|token/iu.test(record['code'])) return true;
  }
  // Transport failures say "xhr poll error", "websocket error", "timeout": none mention a token.
  return /unauthori[sz]ed|authenticat|token|jwt/iu.test(error.message);
}

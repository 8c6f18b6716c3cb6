import type { EventEnvelope, PresenceEventData, PushedEventDataByType } from '@care/shared';

/** Every server → client event the app listens to, with its `data`. */
export type ServerEventMap = PushedEventDataByType & { presence: PresenceEventData };
export type ServerEventType = keyof ServerEventMap;
export type ServerEvent<K extends ServerEventType = ServerEventType> = EventEnvelope<K, ServerEventMap[K]>;

export const SERVER_EVENT_TYPES: readonly ServerEventType[] = [
  'message:new',
  'message:status',
  'consent:changed',
  'inbox:updated',
  'notification',
  'read:updated',
  'notification:read',
  'presence',
];

/**
 * Presence is a snapshot of who is looking now; it is not replayed by `sync`, so it skips ordering
 * and de-dup. The server sends it with `eventId` 0, which is never taken as a sync position.
 */
const EPHEMERAL_TYPES: ReadonlySet<string> = new Set<ServerEventType>(['presence']);

export type EventHandler<K extends ServerEventType> = (data: ServerEventMap[K], event: ServerEvent<K>) => void;

export interface EventStreamOptions {
  /** How many processed event ids to remember for de-duplication. */
  maxTracked?: number;
  /** A subscriber threw; the other subscribers still run. */
  reportError?: (error: unknown) => void;
}

/**
 * Turns envelopes from the live socket and from `sync` replays into exactly-once,
 * in-order calls to subscribers.
 *
 * - Each `eventId` is processed once, whichever path delivers it first.
 * - While a `sync` is in flight, live events are held back, then merged with the
 *   replay and processed in `eventId` order, so a status never lands before its message.
 * - `lastEventId` is the highest id processed: what the next `sync` asks after.
 */
export class EventStream {
  readonly #handlers = new Map<string, Set<(data: unknown, event: ServerEvent) => void>>();
  readonly #seen = new Set<number>();
  readonly #maxTracked: number;
  readonly #reportError: (error: unknown) => void;
  /** Ids at or below this were forgotten from `#seen`; treat them as processed. */
  #floor = 0;
  #lastEventId: number | null = null;
  #held: ServerEvent[] | null = null;

  constructor(options: EventStreamOptions = {}) {
    this.#maxTracked = options.maxTracked ?? 5000;
    this.#reportError = options.reportError ?? (() => undefined);
  }

  get lastEventId(): number | null {
    return this.#lastEventId;
  }

  get isSyncing(): boolean {
    return this.#held !== null;
  }

  on<K extends ServerEventType>(type: K, handler: EventHandler<K>): () => void {
    let set = this.#handlers.get(type);
    if (!set) {
      set = new Set();
      this.#handlers.set(type, set);
    }
    const entry = handler as unknown as (data: unknown, event: ServerEvent) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** A live event from the socket. Malformed envelopes are ignored. */
  receive(raw: unknown): void {
    const event = parseEnvelope(raw);
    if (!event) return;
    if (EPHEMERAL_TYPES.has(event.type)) {
      this.#dispatch(event);
      return;
    }
    if (this.#held) this.#held.push(event);
    else this.#process(event);
  }

  /** Hold back live events until `endSync` or `abortSync`. */
  beginSync(): void {
    this.#held ??= [];
  }

  /** Process the replayed events together with what was held back, in `eventId` order. */
  endSync(replayed: readonly unknown[]): void {
    const events = replayed.map(parseEnvelope).filter((event): event is ServerEvent => event !== null && !EPHEMERAL_TYPES.has(event.type));
    this.#flush(events);
  }

  /** The sync failed or the connection dropped: release what was held back. */
  abortSync(): void {
    this.#flush([]);
  }

  /** Forget everything (a different user logged in). Subscribers stay. */
  reset(): void {
    this.#seen.clear();
    this.#floor = 0;
    this.#lastEventId = null;
    this.#held = null;
  }

  #flush(extra: ServerEvent[]): void {
    const held = this.#held ?? [];
    this.#held = null;
    const all = [...extra, ...held].sort((a, b) => a.eventId - b.eventId);
    for (const event of all) this.#process(event);
  }

  #process(event: ServerEvent): void {
    if (this.#wasProcessed(event.eventId)) return;
    this.#remember(event.eventId);
    if (this.#lastEventId === null || event.eventId > this.#lastEventId) this.#lastEventId = event.eventId;
    this.#dispatch(event);
  }

  #wasProcessed(eventId: number): boolean {
    return eventId <= this.#floor || this.#seen.has(eventId);
  }

  #remember(eventId: number): void {
    this.#seen.add(eventId);
    if (this.#seen.size <= this.#maxTracked) return;
    // Sets iterate in insertion order: forget the oldest ids first.
    for (const old of this.#seen) {
      if (this.#seen.size <= this.#maxTracked) break;
      this.#seen.delete(old);
      if (old > this.#floor) this.#floor = old;
    }
  }

  #dispatch(event: ServerEvent): void {
    const handlers = this.#handlers.get(event.type);
    if (!handlers) return;
    for (const handler of [...handlers]) {
      try {
        handler(event.data, event);
      } catch (error) {
        this.#reportError(error);
      }
    }
  }
}

/**
 * Validates the envelope `{eventId, type, at, data}`. A numeric string id is accepted
 * (PostgreSQL bigint columns often serialise as strings).
 */
export function parseEnvelope(raw: unknown): ServerEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const candidate = raw as Record<string, unknown>;
  const eventId = toEventId(candidate['eventId']);
  const type = candidate['type'];
  if (typeof type !== 'string' || !(SERVER_EVENT_TYPES as readonly string[]).includes(type)) return null;
  if (eventId === null && !EPHEMERAL_TYPES.has(type)) return null;
  if (!('data' in candidate)) return null;
  return {
    eventId: eventId ?? 0,
    type: type as ServerEventType,
    at: typeof candidate['at'] === 'string' ? candidate['at'] : '',
    data: candidate['data'],
  } as ServerEvent;
}

function toEventId(value: unknown): number | null {
  const id = typeof value === 'string' && /^\d+$/u.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

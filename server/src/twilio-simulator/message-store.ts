import type { DirectionFilter, MessageFilter, MessageRecord, SimulatedMessage } from './simulator-types';

/** Every message the simulated account has, in creation order. */
export class MessageStore {
  private readonly bySid = new Map<string, MessageRecord>();

  add(record: MessageRecord): void {
    this.bySid.set(record.sid, record);
  }

  get(sid: string): MessageRecord | undefined {
    return this.bySid.get(sid);
  }

  delete(sid: string): boolean {
    return this.bySid.delete(sid);
  }

  /** Applies a change and stamps `dateUpdated`, as Twilio does on every change. */
  update(sid: string, change: Partial<Omit<MessageRecord, 'sid' | 'dateCreated'>>): MessageRecord | undefined {
    const record = this.bySid.get(sid);
    if (!record) return undefined;
    Object.assign(record, change, { dateUpdated: new Date() });
    return record;
  }

  /** Oldest first. */
  all(): MessageRecord[] {
    return [...this.bySid.values()];
  }

  find(filter: MessageFilter = {}): MessageRecord[] {
    return this.all().filter(
      (m) =>
        (filter.to === undefined || m.to === filter.to) &&
        (filter.from === undefined || m.from === filter.from) &&
        (filter.direction === undefined || matchesDirection(m, filter.direction)),
    );
  }

  clear(): void {
    this.bySid.clear();
  }
}

function matchesDirection(message: MessageRecord, filter: DirectionFilter): boolean {
  return filter === 'outbound' ? message.direction !== 'inbound' : message.direction === filter;
}

export function toSimulatedMessage(record: MessageRecord): SimulatedMessage {
  return {
    sid: record.sid,
    direction: record.direction,
    from: record.from,
    to: record.to,
    body: record.body,
    mediaUrls: [...record.mediaUrls],
    status: record.status,
    errorCode: record.errorCode,
    errorMessage: record.errorMessage,
    messagingServiceSid: record.messagingServiceSid,
    numSegments: record.numSegments,
    statusCallback: record.statusCallback,
    dateCreated: record.dateCreated.toISOString(),
    dateUpdated: record.dateUpdated.toISOString(),
    dateSent: record.dateSent?.toISOString() ?? null,
  };
}

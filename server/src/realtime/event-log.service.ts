import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from '@mikro-orm/postgresql';
import { MAX_SYNC_EVENTS, type PushedEvent, type PushedEventDataByType, type PushedEventType } from '@care/shared';
import { EventLogEntry } from './event-log-entry.entity';
import type { EventAudience } from './rooms';
import { seesWholeOrganization, type AuthUser } from '../auth/auth-user';

/** Emitted (in-process) after the transaction that wrote the entries has committed. */
export const EVENTS_COMMITTED = 'realtime.events-committed';

export interface CommittedEvent {
  envelope: PushedEvent;
  audience: EventAudience;
}

/**
 * The event log: every pushed event is written here, inside the transaction of the change it
 * describes, and only published once that transaction has committed. Its id is the `eventId`.
 */
@Injectable()
export class EventLogService {
  constructor(
    private readonly em: EntityManager,
    private readonly emitter: EventEmitter2,
  ) {}

  /**
   * Adds an event to the caller's transaction; it is inserted with the transaction's final flush,
   * under a per-organisation lock held to commit (EventLogCommitOrder), so ids commit in order.
   * The envelope (with its `eventId`) can be read once the transaction has committed.
   */
  async append<T extends PushedEventType>(tx: EntityManager, audience: EventAudience, type: T, data: PushedEventDataByType[T]): Promise<CommittedEvent> {
    const entry = new EventLogEntry({ ...audience, type, data });
    tx.persist(entry);
    return {
      audience,
      get envelope(): PushedEvent {
        return toEnvelope(entry);
      },
    };
  }

  /** Hands committed events to the publisher(s). Call after the transaction returned. */
  publish(events: CommittedEvent[]): void {
    if (events.length > 0) this.emitter.emit(EVENTS_COMMITTED, events);
  }

  /** Events after `afterEventId` that the user may see now, or null when too far behind. */
  async eventsSince(user: AuthUser, afterEventId: number): Promise<PushedEvent[] | null> {
    const qb = this.em
      .fork()
      .createQueryBuilder(EventLogEntry, 'e')
      .where({ organizationId: user.organizationId, id: { $gt: afterEventId } })
      .orderBy({ id: 'asc' })
      .limit(MAX_SYNC_EVENTS + 1);
    const mine = { userId: user.id };
    if (seesWholeOrganization(user)) {
      qb.andWhere({ $or: [{ userId: null }, mine] });
    } else {
      qb.andWhere({ $or: [{ userId: null, teamId: { $in: user.teamIds } }, mine] });
    }
    const entries = await qb.getResultList();
    if (entries.length > MAX_SYNC_EVENTS) return null;
    return entries.map(toEnvelope);
  }
}

function toEnvelope(entry: EventLogEntry): PushedEvent {
  return { eventId: Number(entry.id), type: entry.type, at: entry.createdAt.toISOString(), data: entry.data } as PushedEvent;
}

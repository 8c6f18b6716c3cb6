import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { EPHEMERAL_EVENT_ID, type EventEnvelope, type PresenceEventData } from '@care/shared';
import { EVENTS_COMMITTED, type CommittedEvent } from './event-log.service';
import { SocketServerRef } from './socket-server.ref';
import { presenceRoomsFor, roomsFor } from './rooms';

/**
 * The one place that emits to browsers: committed (logged) events go to the rooms their data
 * says may see them; ephemeral presence goes to the thread's watchers with `eventId` 0.
 */
@Injectable()
export class RealtimePublisher {
  constructor(private readonly serverRef: SocketServerRef) {}

  @OnEvent(EVENTS_COMMITTED)
  publish(events: CommittedEvent[]): void {
    const server = this.serverRef.get();
    if (!server) return;
    for (const { envelope, audience } of events) {
      // One emit to several rooms reaches each socket once, even if it is in more than one.
      // The event name is the envelope's type; the typed map cannot see that correlation.
      (server.to(roomsFor(audience)) as unknown as { emit(name: string, event: EventEnvelope): void }).emit(envelope.type, envelope);
    }
  }

  /** Presence is a snapshot, not history: never logged, never replayed by `sync`. */
  publishPresence(data: PresenceEventData, at: Date = new Date()): void {
    const server = this.serverRef.get();
    if (!server) return;
    server.to(presenceRoomsFor(data.patientId)).emit('presence', { eventId: EPHEMERAL_EVENT_ID, type: 'presence', at: at.toISOString(), data });
  }
}

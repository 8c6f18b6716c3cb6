import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { EventEnvelope } from '@care/shared';
import { EVENTS_COMMITTED, type CommittedEvent } from './event-log.service';
import { SocketServerRef } from './socket-server.ref';
import { roomsFor } from './rooms';

/** Fans committed events out to the rooms their data says may see them. */
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
}

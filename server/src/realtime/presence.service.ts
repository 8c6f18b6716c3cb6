import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { TYPING_TTL_MS, type PresenceEventData } from '@care/shared';
import { RealtimePublisher } from './realtime.publisher';
import { Rooms } from './rooms';
import { SocketServerRef, type SocketData } from './socket-server.ref';

/** Re-announce a continuing typing streak at most this often (its `until` moves forward). */
const TYPING_REBROADCAST_MS = 1000;

interface TypingSocket {
  id: string;
  data: SocketData;
}

/**
 * Who is viewing and who is typing in a thread. Nothing is stored here: viewers are the sockets in
 * `thread:<patientId>` and typing is an expiry time on each socket (`socket.data.typing`), both
 * read with `fetchSockets()`, which the Redis adapter answers from every process. The process
 * that owns a typing socket re-announces presence when its typing lapses.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  private readonly logger = new Logger('PresenceService');
  /** `${socketId}|${patientId}` → expiry timer and when it was last announced. */
  private readonly typingTimers = new Map<string, { timer: NodeJS.Timeout; announcedAt: number }>();

  constructor(
    private readonly serverRef: SocketServerRef,
    private readonly publisher: RealtimePublisher,
  ) {}

  /** Current viewers and typists of a thread, one entry per user (several tabs count once). */
  async snapshot(patientId: string): Promise<PresenceEventData> {
    const server = this.serverRef.get();
    if (!server) return { patientId, viewers: [], typing: [] };
    const sockets = await server.in(Rooms.thread(patientId)).fetchSockets();
    const now = Date.now();
    const viewers = new Map<string, { id: string; name: string }>();
    const typing = new Map<string, { id: string; name: string; until: number }>();
    for (const socket of sockets) {
      const { user, typing: typingUntil } = socket.data;
      if (!user) continue;
      viewers.set(user.id, { id: user.id, name: user.name });
      const until = typingUntil?.[patientId] ?? 0;
      if (until > now && until > (typing.get(user.id)?.until ?? 0)) typing.set(user.id, { id: user.id, name: user.name, until });
    }
    return {
      patientId,
      viewers: [...viewers.values()].sort(byName),
      typing: [...typing.values()].sort(byName).map(({ id, name, until }) => ({ id, name, until: new Date(until).toISOString() })),
    };
  }

  /** Sends the thread's watchers a fresh snapshot; failures are logged, never thrown at callers. */
  announce(patientId: string): void {
    this.snapshot(patientId)
      .then((data) => this.publisher.publishPresence(data))
      .catch((error: unknown) => this.logger.warn(`presence of thread ${patientId} not announced: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** The socket's user is typing in the thread for the next TYPING_TTL_MS. */
  typing(socket: TypingSocket, patientId: string): void {
    const now = Date.now();
    const key = `${socket.id}|${patientId}`;
    const wasTyping = (socket.data.typing[patientId] ?? 0) > now;
    socket.data.typing[patientId] = now + TYPING_TTL_MS;
    const previous = this.typingTimers.get(key);
    if (previous) clearTimeout(previous.timer);
    const announce = !wasTyping || !previous || now - previous.announcedAt >= TYPING_REBROADCAST_MS;
    const timer = setTimeout(() => this.lapse(socket, patientId), TYPING_TTL_MS + 50);
    timer.unref();
    this.typingTimers.set(key, { timer, announcedAt: announce ? now : (previous?.announcedAt ?? now) });
    if (announce) this.announce(patientId);
  }

  /** Stops the socket typing in the thread (unwatch); the caller announces. */
  stopTyping(socket: TypingSocket, patientId: string): void {
    delete socket.data.typing[patientId];
    const key = `${socket.id}|${patientId}`;
    const entry = this.typingTimers.get(key);
    if (entry) clearTimeout(entry.timer);
    this.typingTimers.delete(key);
  }

  /** A socket is gone: forget its timers. */
  forgetSocket(socket: TypingSocket): void {
    for (const patientId of Object.keys(socket.data.typing ?? {})) this.stopTyping(socket, patientId);
  }

  onModuleDestroy(): void {
    for (const { timer } of this.typingTimers.values()) clearTimeout(timer);
    this.typingTimers.clear();
  }

  private lapse(socket: TypingSocket, patientId: string): void {
    const key = `${socket.id}|${patientId}`;
    this.typingTimers.delete(key);
    if ((socket.data.typing[patientId] ?? 0) > Date.now()) return;
    delete socket.data.typing[patientId];
    this.announce(patientId);
  }
}

function byName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

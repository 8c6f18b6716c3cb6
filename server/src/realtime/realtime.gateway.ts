import { Inject, Logger } from '@nestjs/common';
import { withLogBindings } from '../observability/log-context';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { socketOriginCheck } from './socket-origin';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import type { ClientToServerEvents, PushedEvent, ServerToClientEvents } from '@care/shared';
import { AuthService } from '../auth/auth.service';
import { seesWholeOrganization, type AuthUser } from '../auth/auth-user';
import { PatientsService } from '../patients/patients.service';
import { DomainError, InvalidInputError, ResyncRequiredError, UnauthorizedError } from '../common/errors/domain-error';
import { EventLogService } from './event-log.service';
import { PresenceService } from './presence.service';
import { isMembershipRoom, membershipRooms, Rooms, threadPatientId } from './rooms';
import { SocketServerRef, type AppServer, type SocketData } from './socket-server.ref';

type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AckResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

/** Every acknowledged call answers within this time (clients wait 5 s). */
export const ACK_TIMEOUT_MS = 4000;

/**
 * Authenticates sockets at the handshake (connection middleware, so an unauthenticated socket
 * never connects) and joins each to the rooms of what its user may see. Every acknowledged call
 * re-reads the user (teams, disabled) first where it matters, and answers `{ok:true,...}` or
 * `{ok:false,error}` within ACK_TIMEOUT_MS.
 */
// Client frames are small JSON acks; a 64 KB cap keeps a misbehaving client from making us buffer megabytes.
@WebSocketGateway({ cors: false, serveClient: false, maxHttpBufferSize: 64 * 1024 })
export class RealtimeGateway implements OnGatewayInit<AppServer>, OnGatewayConnection<AppSocket> {
  private readonly logger = new Logger('RealtimeGateway');

  constructor(
    private readonly auth: AuthService,
    private readonly patients: PatientsService,
    private readonly eventLog: EventLogService,
    private readonly presence: PresenceService,
    private readonly serverRef: SocketServerRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: AppServer): void {
    this.serverRef.set(server);
    server.engine.opts.allowRequest = socketOriginCheck(this.config.http.publicBaseUrl);
    server.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      this.auth
        .authenticate(typeof token === 'string' ? token : undefined)
        .then((user) => {
          socket.data.user = user;
          socket.data.typing = {};
          next();
        })
        .catch((error: unknown) => {
          // `data` lets clients tell "log in again" from a network fault (lib/realtime isAuthError).
          const refusal = new Error(error instanceof DomainError ? error.message : 'unauthorized') as Error & { data?: unknown };
          refusal.data = { statusCode: 401, code: 'unauthorized' };
          next(refusal);
        });
    });
  }

  async handleConnection(socket: AppSocket): Promise<void> {
    const user = socket.data.user;
    let watched: string[] = [];
    socket.on('disconnecting', () => {
      watched = [...socket.rooms].map(threadPatientId).filter((id): id is string => id !== null);
      this.presence.forgetSocket(socket);
    });
    socket.on('disconnect', () => {
      for (const patientId of watched) this.presence.announce(patientId);
    });
    await socket.join(membershipRooms({ ...user, seesWholeOrganization: seesWholeOrganization(user) }));
    this.logger.debug(`socket ${socket.id} connected for user ${user.id}`);
  }

  @SubscribeMessage('thread:watch')
  async watch(@ConnectedSocket() socket: AppSocket, @MessageBody() payload: unknown): Promise<AckResult> {
    return this.ack(socket, async () => {
      const patientId = readPatientId(payload);
      const user = await this.refreshUser(socket);
      await this.patients.getVisible(user, patientId);
      await socket.join(Rooms.thread(patientId));
      this.presence.announce(patientId);
      return {};
    });
  }

  @SubscribeMessage('thread:unwatch')
  async unwatch(@ConnectedSocket() socket: AppSocket, @MessageBody() payload: unknown): Promise<AckResult> {
    return this.ack(socket, async () => {
      const patientId = readPatientId(payload);
      const room = Rooms.thread(patientId);
      const wasWatching = socket.rooms.has(room);
      this.presence.stopTyping(socket, patientId);
      await socket.leave(room);
      if (wasWatching) this.presence.announce(patientId);
      return {};
    });
  }

  /** Marks the user typing in a watched thread for a few seconds (renewed by each call). */
  @SubscribeMessage('thread:typing')
  async typing(@ConnectedSocket() socket: AppSocket, @MessageBody() payload: unknown): Promise<AckResult> {
    return this.ack(socket, async () => {
      const patientId = readPatientId(payload);
      // Watching was authorised (and is withdrawn when the user loses the team), so no query here.
      if (!socket.rooms.has(Rooms.thread(patientId))) throw new InvalidInputError('Watch the thread (thread:watch) before typing in it');
      this.presence.typing(socket, patientId);
      return {};
    });
  }

  @SubscribeMessage('sync')
  async sync(@ConnectedSocket() socket: AppSocket, @MessageBody() payload: unknown): Promise<AckResult<{ events: PushedEvent[] }>> {
    return this.ack(socket, async () => {
      const afterEventId = (payload as { afterEventId?: unknown } | null)?.afterEventId;
      if (typeof afterEventId !== 'number' || !Number.isInteger(afterEventId) || afterEventId < 0) {
        throw new InvalidInputError('afterEventId must be a non-negative integer');
      }
      const user = await this.refreshUser(socket);
      const events = await this.eventLog.eventsSince(user, afterEventId);
      if (events === null) throw new ResyncRequiredError();
      return { events };
    });
  }

  /**
   * The user as the database has them now. Teams may have changed since the handshake (on this or
   * another process): the socket's team rooms are brought in line; a disabled user is cut off.
   */
  private async refreshUser(socket: AppSocket): Promise<AuthUser> {
    let user: AuthUser;
    try {
      user = await this.auth.loadUser(socket.data.user.id);
    } catch (error) {
      if (error instanceof UnauthorizedError) socket.disconnect(true);
      throw error;
    }
    socket.data.user = user;
    const wanted = new Set(membershipRooms({ ...user, seesWholeOrganization: seesWholeOrganization(user) }));
    for (const room of socket.rooms) {
      if (isMembershipRoom(room) && !wanted.has(room)) await socket.leave(room);
    }
    const missing = [...wanted].filter((room) => !socket.rooms.has(room));
    if (missing.length > 0) await socket.join(missing);
    return user;
  }

  /** Every acknowledged call answers `{ok:true,...}` or `{ok:false,error}` in time, never throws to the client. */
  private async ack<T extends object>(socket: AppSocket, work: () => Promise<T>): Promise<AckResult<T>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<AckResult<T>>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: 'The server took too long to answer; try again.' }), ACK_TIMEOUT_MS);
    });
    const answer = (async (): Promise<AckResult<T>> => {
      try {
        // Logs made while handling the call carry the socket's request id (from the handshake's
        // X-Request-Id, else the socket id) and the user id: never names or numbers.
        const requestId = socketRequestId(socket);
        return { ok: true, ...(await withLogBindings({ requestId, socketId: socket.id, userId: socket.data.user.id }, work)) };
      } catch (error) {
        if (error instanceof DomainError) return { ok: false, error: error.message };
        this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        return { ok: false, error: 'internal error' };
      }
    })();
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function readPatientId(payload: unknown): string {
  const patientId = (payload as { patientId?: unknown } | null)?.patientId;
  if (typeof patientId !== 'string' || patientId.length === 0) throw new InvalidInputError('patientId is required');
  return patientId;
}

function socketRequestId(socket: AppSocket): string {
  const given = socket.handshake.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : `socket-${socket.id}`;
}

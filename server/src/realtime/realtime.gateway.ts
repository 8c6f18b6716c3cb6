import { Logger } from '@nestjs/common';
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
import { seesWholeOrganization } from '../auth/auth-user';
import { PatientsService } from '../patients/patients.service';
import { DomainError, InvalidInputError, ResyncRequiredError } from '../common/errors/domain-error';
import { EventLogService } from './event-log.service';
import { Rooms } from './rooms';
import { SocketServerRef, type AppServer, type SocketData } from './socket-server.ref';

type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AckResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

/**
 * Authenticates sockets at the handshake (connection middleware, so an unauthenticated socket
 * never connects) and joins each to the rooms of what its user may see.
 */
@WebSocketGateway({ cors: false, serveClient: false })
export class RealtimeGateway implements OnGatewayInit<AppServer>, OnGatewayConnection<AppSocket> {
  private readonly logger = new Logger('RealtimeGateway');

  constructor(
    private readonly auth: AuthService,
    private readonly patients: PatientsService,
    private readonly eventLog: EventLogService,
    private readonly serverRef: SocketServerRef,
  ) {}

  afterInit(server: AppServer): void {
    this.serverRef.set(server);
    server.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      this.auth
        .authenticate(typeof token === 'string' ? token : undefined)
        .then((user) => {
          socket.data.user = user;
          next();
        })
        .catch((error: unknown) => next(new Error(error instanceof DomainError ? error.message : 'unauthorized')));
    });
  }

  async handleConnection(socket: AppSocket): Promise<void> {
    const user = socket.data.user;
    const rooms = [Rooms.user(user.id), ...user.teamIds.map(Rooms.team)];
    if (seesWholeOrganization(user)) rooms.push(Rooms.overseers(user.organizationId));
    await socket.join(rooms);
    this.logger.debug(`socket ${socket.id} connected for user ${user.id}`);
  }

  @SubscribeMessage('thread:watch')
  async watch(@ConnectedSocket() socket: AppSocket, @MessageBody() payload: unknown): Promise<AckResult> {
    return this.ack(async () => {
      const patientId = readPatientId(payload);
      await this.patients.getVisible(socket.data.user, patientId);
      await socket.join(Rooms.thread(patientId));
      return {};
    });
  }

  @SubscribeMessage('thread:unwatch')
  async unwatch(@ConnectedSocket() socket: AppSocket, @MessageBody() payload: unknown): Promise<AckResult> {
    return this.ack(async () => {
      await socket.leave(Rooms.thread(readPatientId(payload)));
      return {};
    });
  }

  @SubscribeMessage('sync')
  async sync(@ConnectedSocket() socket: AppSocket, @MessageBody() payload: unknown): Promise<AckResult<{ events: PushedEvent[] }>> {
    return this.ack(async () => {
      const afterEventId = (payload as { afterEventId?: unknown } | null)?.afterEventId;
      if (typeof afterEventId !== 'number' || !Number.isInteger(afterEventId) || afterEventId < 0) {
        throw new InvalidInputError('afterEventId must be a non-negative integer');
      }
      const events = await this.eventLog.eventsSince(socket.data.user, afterEventId);
      if (events === null) throw new ResyncRequiredError();
      return { events };
    });
  }

  /** Every acknowledged call answers `{ok:true,...}` or `{ok:false,error}`, never throws to the client. */
  private async ack<T extends object>(work: () => Promise<T>): Promise<AckResult<T>> {
    try {
      return { ok: true, ...(await work()) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: error.message };
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      return { ok: false, error: 'internal error' };
    }
  }
}

function readPatientId(payload: unknown): string {
  const patientId = (payload as { patientId?: unknown } | null)?.patientId;
  if (typeof patientId !== 'string' || patientId.length === 0) throw new InvalidInputError('patientId is required');
  return patientId;
}

import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AuthService } from '../auth/auth.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/errors/domain-error';
import { PatientsService } from '../patients/patients.service';
import { UsersEvents, type UserDisabledEvent, type UserTeamsChangedEvent } from '../users/users.events';
import { PresenceService } from './presence.service';
import { Rooms, threadPatientId } from './rooms';
import { SocketServerRef } from './socket-server.ref';

/**
 * Keeps a user's open sockets in line with who they are now, without reconnecting them. The
 * room operations go through the adapter, so they reach sockets on every process (Redis).
 */
@Injectable()
export class UserRoomsListener {
  private readonly logger = new Logger('UserRoomsListener');

  constructor(
    private readonly serverRef: SocketServerRef,
    private readonly auth: AuthService,
    private readonly patients: PatientsService,
    private readonly presence: PresenceService,
  ) {}

  @OnEvent(UsersEvents.teamsChanged)
  async onTeamsChanged(event: UserTeamsChangedEvent): Promise<void> {
    const server = this.serverRef.get();
    if (!server) return;
    try {
      const userRoom = Rooms.user(event.userId);
      if (event.removedTeamIds.length > 0) server.in(userRoom).socketsLeave(event.removedTeamIds.map(Rooms.team));
      if (event.addedTeamIds.length > 0) server.in(userRoom).socketsJoin(event.addedTeamIds.map(Rooms.team));
      if (event.removedTeamIds.length > 0) await this.leaveHiddenThreads(event.userId);
    } catch (error) {
      this.logger.error(`rooms of user ${event.userId} not updated: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  @OnEvent(UsersEvents.disabled)
  onDisabled(event: UserDisabledEvent): void {
    this.serverRef.get()?.in(Rooms.user(event.userId)).disconnectSockets(true);
  }

  /** Threads the user watches but may no longer see are left (and their watchers told). */
  private async leaveHiddenThreads(userId: string): Promise<void> {
    const server = this.serverRef.get();
    if (!server) return;
    const sockets = await server.in(Rooms.user(userId)).fetchSockets();
    const watched = new Set(sockets.flatMap((socket) => [...socket.rooms].map(threadPatientId).filter((id): id is string => id !== null)));
    if (watched.size === 0) return;
    let user: AuthUser | null;
    try {
      user = await this.auth.loadUser(userId);
    } catch {
      user = null;
    }
    const hidden: string[] = [];
    for (const patientId of watched) {
      if (user && (await this.isVisible(user, patientId))) continue;
      hidden.push(patientId);
    }
    if (hidden.length === 0) return;
    server.in(Rooms.user(userId)).socketsLeave(hidden.map(Rooms.thread));
    for (const patientId of hidden) this.presence.announce(patientId);
  }

  private async isVisible(user: AuthUser, patientId: string): Promise<boolean> {
    try {
      await this.patients.getVisible(user, patientId);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }
}

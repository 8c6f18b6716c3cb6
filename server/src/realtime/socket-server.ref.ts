import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@care/shared';
import type { AuthUser } from '../auth/auth-user';

export interface SocketData {
  user: AuthUser;
  /**
   * patientId → epoch ms until which this socket's user is typing in that thread. Kept on the
   * socket so `fetchSockets()` on any process (Redis adapter) sees it with the socket's rooms.
   */
  typing: Record<string, number>;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Holds the Socket.IO server once the gateway is initialised, so publishers need not import the gateway. */
@Injectable()
export class SocketServerRef {
  private server: AppServer | null = null;

  set(server: AppServer): void {
    this.server = server;
  }

  get(): AppServer | null {
    return this.server;
  }
}

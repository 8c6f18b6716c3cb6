import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PatientsModule } from '../patients/patients.module';
import { EventLogService } from './event-log.service';
import { PresenceService } from './presence.service';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimePublisher } from './realtime.publisher';
import { SocketServerRef } from './socket-server.ref';
import { UserRoomsListener } from './user-rooms.listener';

@Module({
  imports: [AuthModule, PatientsModule],
  providers: [RealtimeGateway, RealtimePublisher, SocketServerRef, EventLogService, PresenceService, UserRoomsListener],
  exports: [EventLogService, SocketServerRef],
})
export class RealtimeModule {}

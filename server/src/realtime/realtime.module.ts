import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PatientsModule } from '../patients/patients.module';
import { EventLogService } from './event-log.service';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimePublisher } from './realtime.publisher';
import { SocketServerRef } from './socket-server.ref';

@Module({
  imports: [AuthModule, PatientsModule],
  providers: [RealtimeGateway, RealtimePublisher, SocketServerRef, EventLogService],
  exports: [EventLogService],
})
export class RealtimeModule {}

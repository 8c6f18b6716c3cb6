import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { LinesModule } from '../lines/lines.module';
import { PatientsModule } from '../patients/patients.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { TwilioModule } from '../twilio/twilio.module';
import { DeliveryStatusService } from './delivery-status.service';
import { InboundService } from './inbound.service';
import { MessagesController } from './messages.controller';
import { OutboundService } from './outbound.service';
import { ThreadService } from './thread.service';

@Module({
  imports: [ConsentModule, LinesModule, PatientsModule, RealtimeModule, TwilioModule],
  controllers: [MessagesController],
  providers: [OutboundService, InboundService, DeliveryStatusService, ThreadService],
  exports: [InboundService, DeliveryStatusService],
})
export class MessagingModule {}

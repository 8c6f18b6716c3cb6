import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { ConsentModule } from '../consent/consent.module';
import { LinesModule } from '../lines/lines.module';
import { PatientsModule } from '../patients/patients.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { TwilioModule } from '../twilio/twilio.module';
import { TemplatesModule } from '../templates/templates.module';
import { OutboundSmsProcessor } from './outbound-sms.processor';
import { OutboundMessagesController } from './outbound-messages.controller';
import { DeliveryStatusService } from './delivery-status.service';
import { InboundService } from './inbound.service';
import { MessagesController } from './messages.controller';
import { OutboundService } from './outbound.service';
import { ThreadService } from './thread.service';
import { ReconciliationService } from './reconciliation.service';
import { MessageMediaController } from './message-media.controller';
import { MessageMediaService } from './message-media.service';

@Module({
  imports: [AttachmentsModule, ConsentModule, LinesModule, PatientsModule, RealtimeModule, TwilioModule, TemplatesModule],
  controllers: [MessagesController, MessageMediaController, OutboundMessagesController],
  providers: [OutboundService, OutboundSmsProcessor, InboundService, DeliveryStatusService, ThreadService, ReconciliationService, MessageMediaService],
  exports: [InboundService, DeliveryStatusService, ReconciliationService],
})
export class MessagingModule {}

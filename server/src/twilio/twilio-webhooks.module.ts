import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { TwilioModule } from './twilio.module';
import { TwilioWebhooksController } from './twilio-webhooks.controller';
import { TwilioSignatureGuard } from './twilio-signature.guard';

@Module({
  imports: [MessagingModule, TwilioModule],
  controllers: [TwilioWebhooksController],
  providers: [TwilioSignatureGuard],
})
export class TwilioWebhooksModule {}

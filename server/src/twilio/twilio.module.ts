import { Module } from '@nestjs/common';
import { TwilioGateway } from './twilio-gateway';
import { TwilioSdkGateway } from './twilio-sdk.gateway';

/** The Twilio port, implemented with the official SDK. */
@Module({
  providers: [{ provide: TwilioGateway, useClass: TwilioSdkGateway }],
  exports: [TwilioGateway],
})
export class TwilioModule {}

import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { InboundService } from '../messaging/inbound.service';
import { DeliveryStatusService } from '../messaging/delivery-status.service';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { parseInboundParams, parseStatusParams, type FormParams } from './twilio-webhook.params';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** What Twilio calls (contract §2). Answers only after the webhook is stored, so a failure makes Twilio retry. */
@Public()
@UseGuards(TwilioSignatureGuard)
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(
    private readonly inbound: InboundService,
    private readonly deliveryStatus: DeliveryStatusService,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async receiveMessage(@Body() params: FormParams): Promise<string> {
    await this.inbound.receive(parseInboundParams(params), params);
    return EMPTY_TWIML;
  }

  @Post('status')
  @HttpCode(200)
  async receiveStatus(@Body() params: FormParams): Promise<string> {
    await this.deliveryStatus.applyCallback(parseStatusParams(params), params);
    return '';
  }
}

import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import { INBOUND_WEBHOOK_FORM, STATUS_WEBHOOK_FORM, WEBHOOK_400, WEBHOOK_403, WEBHOOK_413 } from './twilio-webhook.schemas';
import { Public } from '../auth/public.decorator';
import { InboundService } from '../messaging/inbound.service';
import { DeliveryStatusService } from '../messaging/delivery-status.service';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { parseInboundParams, parseStatusParams, storableParams, type FormParams } from './twilio-webhook.params';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** What Twilio calls (contract §2). Answers only after the webhook is stored, so a failure makes Twilio retry. */
@ApiTags('twilio-webhooks')
@ApiConsumes('application/x-www-form-urlencoded')
@ApiHeader({ name: 'X-Twilio-Signature', required: true, description: 'Base64 HMAC-SHA1, keyed with the auth token, of PUBLIC_BASE_URL + path + query followed by the sorted form fields (Twilio computes it)' })
@Public()
@UseGuards(TwilioSignatureGuard)
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(
    private readonly inbound: InboundService,
    private readonly deliveryStatus: DeliveryStatusService,
  ) {}

  @ApiRoute({
    summary: "An inbound SMS/MMS to one of the organisation's lines (Twilio's incoming-message webhook)",
    description: 'Stored as a receipt first, so a retried MessageSid is stored once. A text to a number that is no line is answered 200 and kept as a receipt.',
    isPublic: true,
    ok: { description: 'Stored; answers an empty TwiML `<Response></Response>` (replies go out through the REST API)', contentType: 'text/xml', schema: { type: 'string', example: EMPTY_TWIML } },
    errors: [WEBHOOK_400, WEBHOOK_403, WEBHOOK_413],
  })
  @ApiBody({ schema: INBOUND_WEBHOOK_FORM })
  @Post('inbound')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async receiveMessage(@Body() signed: FormParams): Promise<string> {
    const params = storableParams(signed);
    await this.inbound.receive(parseInboundParams(params), params);
    return EMPTY_TWIML;
  }

  @ApiRoute({
    summary: "An outbound message's status callback (StatusCallback)",
    description: 'Statuses only move forward; a callback that arrives before the message SID is known is kept and applied when it is.',
    isPublic: true,
    ok: { description: 'Applied (or kept to apply); empty body' },
    errors: [WEBHOOK_400, WEBHOOK_403, WEBHOOK_413],
  })
  @ApiBody({ schema: STATUS_WEBHOOK_FORM })
  @Post('status')
  @HttpCode(200)
  async receiveStatus(@Body() signed: FormParams): Promise<string> {
    const params = storableParams(signed);
    await this.deliveryStatus.applyCallback(parseStatusParams(params), params);
    return '';
  }
}

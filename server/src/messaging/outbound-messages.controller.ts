import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { MessageDto } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { OutboundService } from './outbound.service';

@ApiTags('messages')
@Controller('api/messages')
export class OutboundMessagesController {
  constructor(private readonly outbound: OutboundService) {}

  /** Cancels a scheduled (or still waiting) text; 409 once it has gone to Twilio. */
  @ApiRoute({ summary: 'Cancel a scheduled or still waiting text', ok: { description: 'The message, now `canceled`' }, errors: [404, { status: 409, description: 'It has already gone to Twilio' }] })
  @Post(':messageId/cancel')
  @HttpCode(200)
  cancel(@CurrentUser() user: AuthUser, @Param('messageId') messageId: string): Promise<MessageDto> {
    return this.outbound.cancel(user, messageId);
  }
}

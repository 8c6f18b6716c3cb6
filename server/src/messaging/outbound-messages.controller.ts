import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { MessageDto } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { OutboundService } from './outbound.service';

@Controller('api/messages')
export class OutboundMessagesController {
  constructor(private readonly outbound: OutboundService) {}

  /** Cancels a scheduled (or still waiting) text; 409 once it has gone to Twilio. */
  @Post(':messageId/cancel')
  @HttpCode(200)
  cancel(@CurrentUser() user: AuthUser, @Param('messageId') messageId: string): Promise<MessageDto> {
    return this.outbound.cancel(user, messageId);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import type { ConversationDto, InboxLineSummaryDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { InboxService } from './inbox.service';

@Controller('api/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query('lineId') lineId?: string, @Query('filter') filter?: string, @Query('cursor') cursor?: string): Promise<Page<ConversationDto>> {
    return this.inbox.list(user, { lineId, filter, cursor });
  }

  @Get('summary')
  async summary(@CurrentUser() user: AuthUser): Promise<Page<InboxLineSummaryDto>> {
    return { items: await this.inbox.summary(user), nextCursor: null };
  }
}

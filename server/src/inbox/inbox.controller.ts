import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { ConversationDto, InboxLineSummaryDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@Controller('api/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @ApiRoute({ summary: 'Conversations of the shared inboxes the caller may see', errors: [{ status: 404, description: 'Line not found or not visible' }, { status: 422, description: 'Unknown filter' }] })
  @ApiQuery({ name: 'lineId', required: false, description: "Only this line's inbox" })
  @ApiQuery({ name: 'filter', required: false, enum: ['all', 'unassigned', 'mine', 'waiting', 'closed'], description: '`all` = open (default); `waiting` = open with an unanswered inbound text, longest waiting first' })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Query('lineId') lineId?: string, @Query('filter') filter?: string, @Query('cursor') cursor?: string): Promise<Page<ConversationDto>> {
    return this.inbox.list(user, { lineId, filter, cursor });
  }

  @ApiRoute({ summary: 'Totals per line the caller oversees', description: '`{open, unassigned, waitingLongestSince, failed}` per line (`failed`: outbound texts failed or undelivered in the last 24 hours).' })
  @Get('summary')
  async summary(@CurrentUser() user: AuthUser): Promise<Page<InboxLineSummaryDto>> {
    return { items: await this.inbox.summary(user), nextCursor: null };
  }
}

import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { ConversationDto, ConversationReadDto } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { AssignConversationDto } from './assign-conversation.dto';
import { ConversationsService } from './conversations.service';
import { ReadStateService } from './read-state.service';

@ApiTags('conversations')
@Controller('api/conversations/:id')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly readState: ReadStateService,
  ) {}

  /** One conversation as the caller sees it (the thread page's assign / close bar). */
  @ApiRoute({ summary: 'One conversation as the caller sees it', errors: [404] })
  @Get()
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ConversationDto> {
    return this.conversations.get(user, id);
  }

  @ApiRoute({
    summary: 'Assign or unassign a conversation',
    description: 'Members may take an unassigned conversation or let go of their own; supervisors and admins assign anyone active who can see it. Pushes `inbox:updated`.',
    ok: { description: 'The conversation' },
    errors: [{ status: 403, description: "A member assigning someone else, or taking a colleague's conversation" }, 404, { status: 422, description: 'userId is not an active user who can see this conversation' }],
  })
  @Post('assign')
  @HttpCode(200)
  assign(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AssignConversationDto): Promise<ConversationDto> {
    return this.conversations.assign(user, id, dto.userId);
  }

  @ApiRoute({ summary: 'Close a conversation (a new inbound text reopens it)', ok: { description: 'The conversation' }, errors: [404] })
  @Post('close')
  @HttpCode(200)
  close(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ConversationDto> {
    return this.conversations.close(user, id);
  }

  @ApiRoute({ summary: 'Reopen a closed conversation', ok: { description: 'The conversation' }, errors: [404] })
  @Post('reopen')
  @HttpCode(200)
  reopen(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ConversationDto> {
    return this.conversations.reopen(user, id);
  }

  /** The caller has read the conversation up to its newest message (their other tabs are told). */
  @ApiRoute({ summary: 'Mark the conversation read up to its newest message', description: "Pushes `read:updated` to the caller's tabs.", ok: { description: '`{conversationId, lineId, patientId, lastReadAt, myUnread}`' }, errors: [404] })
  @Post('read')
  @HttpCode(200)
  read(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ConversationReadDto> {
    return this.readState.markRead(user, id);
  }
}

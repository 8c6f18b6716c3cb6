import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { ConversationDto, ConversationReadDto } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { AssignConversationDto } from './assign-conversation.dto';
import { ConversationsService } from './conversations.service';
import { ReadStateService } from './read-state.service';

@Controller('api/conversations/:id')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly readState: ReadStateService,
  ) {}

  @Post('assign')
  @HttpCode(200)
  assign(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AssignConversationDto): Promise<ConversationDto> {
    return this.conversations.assign(user, id, dto.userId);
  }

  @Post('close')
  @HttpCode(200)
  close(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ConversationDto> {
    return this.conversations.close(user, id);
  }

  @Post('reopen')
  @HttpCode(200)
  reopen(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ConversationDto> {
    return this.conversations.reopen(user, id);
  }

  /** The caller has read the conversation up to its newest message (their other tabs are told). */
  @Post('read')
  @HttpCode(200)
  read(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ConversationReadDto> {
    return this.readState.markRead(user, id);
  }
}

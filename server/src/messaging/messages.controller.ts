import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { MessageDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { OutboundService } from './outbound.service';
import { ThreadService } from './thread.service';
import { SendMessageDto } from './send-message.dto';

@Controller('api/patients/:patientId/messages')
export class MessagesController {
  constructor(
    private readonly thread: ThreadService,
    private readonly outbound: OutboundService,
  ) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Param('patientId') patientId: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<MessageDto>> {
    return this.thread.history(user, patientId, { cursor, limit });
  }

  @Post()
  @HttpCode(202)
  send(@CurrentUser() user: AuthUser, @Param('patientId') patientId: string, @Body() request: SendMessageDto): Promise<MessageDto> {
    return this.outbound.send(user, patientId, request);
  }
}

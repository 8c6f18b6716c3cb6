import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { MessageDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { OutboundService } from './outbound.service';
import { ThreadService } from './thread.service';
import { SendMessageDto } from './send-message.dto';

@ApiTags('messages')
@Controller('api/patients/:patientId/messages')
export class MessagesController {
  constructor(
    private readonly thread: ThreadService,
    private readonly outbound: OutboundService,
  ) {}

  @ApiRoute({ summary: "A patient's text history", description: 'The first page holds the newest messages, oldest first within the page; `nextCursor` goes back in time. Reading is audited.', errors: [404, 422] })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, description: 'Messages per page (1-200, default 50)' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Param('patientId') patientId: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<MessageDto>> {
    return this.thread.history(user, patientId, { cursor, limit });
  }

  @ApiRoute({
    summary: 'Send a text to a patient',
    description: 'Stored (status `queued`, or `scheduled` for `sendAt` and quiet hours) and answered before Twilio is called; a worker sends it. The same `clientMessageId` again answers the same message, sent once.',
    ok: { description: 'The stored message' },
    errors: [
      { status: 404, description: 'Patient, phone, line or template not found or not visible' },
      { status: 409, description: 'The number opted out (replied STOP), or the clientMessageId was used for another patient' },
      { status: 422, description: 'Invalid request: empty body or over 1600 characters, a landline, no number that takes texts, no line configured, a template variable without a value' },
    ],
  })
  @Post()
  @HttpCode(202)
  send(@CurrentUser() user: AuthUser, @Param('patientId') patientId: string, @Body() request: SendMessageDto): Promise<MessageDto> {
    return this.outbound.send(user, patientId, request);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { Page, UnrecognizedConversationDto, UnrecognizedResolutionDto } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { CreatePatientFromUnrecognizedDto, MatchUnrecognizedDto } from './unrecognized.dto';
import { UnrecognizedService } from './unrecognized.service';

/** Texts from numbers that are no patient's: match to a patient, create one, or archive. */
@ApiTags('unrecognized')
@Controller('api/unrecognized')
export class UnrecognizedController {
  constructor(private readonly unrecognized: UnrecognizedService) {}

  @ApiRoute({ summary: "Conversations with numbers that are no patient's, newest first", description: 'Each with its line, message count and most recent messages.', errors: [{ status: 404, description: 'Line not found or not visible' }] })
  @ApiQuery({ name: 'lineId', required: false, description: "Only this line's" })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page' })
  @ApiQuery({ name: 'archived', required: false, enum: ['true', 'false'], description: '`true`: the archived ones instead of the queue' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Query('lineId') lineId?: string, @Query('cursor') cursor?: string, @Query('archived') archived?: string): Promise<Page<UnrecognizedConversationDto>> {
    return this.unrecognized.list(user, { lineId: typeof lineId === 'string' ? lineId : undefined, cursor: typeof cursor === 'string' ? cursor : undefined, archived: archived === 'true' });
  }

  @ApiRoute({ summary: 'Match the number to an existing patient', description: "The number becomes one of the patient's phones; the conversation and its messages join the patient. Pushes `inbox:updated`.", ok: { description: '`{conversationId, patient, archivedAt: null}`' }, errors: [{ status: 404, description: 'Conversation or patient not found or not visible' }, { status: 409, description: 'The conversation already belongs to a patient' }, 422] })
  @Post(':conversationId/match')
  @HttpCode(200)
  match(@CurrentUser() user: AuthUser, @Param('conversationId') conversationId: string, @Body() request: MatchUnrecognizedDto): Promise<UnrecognizedResolutionDto> {
    return this.unrecognized.match(user, conversationId, request.patientId);
  }

  @ApiRoute({ summary: 'Create a patient for the number', description: 'Pushes `inbox:updated`.', ok: { description: '`{conversationId, patient, archivedAt: null}`' }, errors: [{ status: 404, description: 'Conversation or team not found or not visible' }, { status: 409, description: 'The conversation already belongs to a patient' }, 422] })
  @Post(':conversationId/create-patient')
  @HttpCode(201)
  createPatient(@CurrentUser() user: AuthUser, @Param('conversationId') conversationId: string, @Body() request: CreatePatientFromUnrecognizedDto): Promise<UnrecognizedResolutionDto> {
    return this.unrecognized.createPatient(user, conversationId, request);
  }

  @ApiRoute({ summary: 'Archive the conversation (kept for audit; a newer text brings it back)', ok: { description: '`{conversationId, patient: null, archivedAt}`' }, errors: [404, { status: 409, description: 'The conversation already belongs to a patient' }] })
  @Post(':conversationId/archive')
  @HttpCode(200)
  archive(@CurrentUser() user: AuthUser, @Param('conversationId') conversationId: string): Promise<UnrecognizedResolutionDto> {
    return this.unrecognized.archive(user, conversationId);
  }
}

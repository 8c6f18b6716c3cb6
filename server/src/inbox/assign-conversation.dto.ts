import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';
import type { AssignConversationRequest } from '@care/shared';

export class AssignConversationDto implements AssignConversationRequest {
  /** null unassigns; the property itself is required. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The new assignee (an active user who can see the conversation), or null to unassign; the property is required' })
  @ValidateIf((dto: AssignConversationDto) => dto.userId !== null)
  @IsUUID('all', { message: 'userId must be a user id or null' })
  userId!: string | null;
}

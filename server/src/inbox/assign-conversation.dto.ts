import { IsUUID, ValidateIf } from 'class-validator';
import type { AssignConversationRequest } from '@care/shared';

export class AssignConversationDto implements AssignConversationRequest {
  /** null unassigns; the property itself is required. */
  @ValidateIf((dto: AssignConversationDto) => dto.userId !== null)
  @IsUUID('all', { message: 'userId must be a user id or null' })
  userId!: string | null;
}

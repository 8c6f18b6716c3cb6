import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { MAX_BODY_LENGTH, type SendMessageRequest } from '@care/shared';

export class SendMessageDto implements SendMessageRequest {
  @IsString({ message: 'body must be text' })
  @Matches(/\S/, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters (Twilio's limit)` })
  body!: string;

  @IsString({ message: 'clientMessageId is required (an idempotency key, e.g. a UUID)' })
  @Matches(/^[\w.:-]{1,100}$/, { message: 'clientMessageId must be 1-100 letters, digits or ._:-' })
  clientMessageId!: string;

  @IsOptional()
  @IsUUID('all', { message: 'phoneId must be a UUID' })
  phoneId?: string;

  @IsOptional()
  @IsUUID('all', { message: 'lineId must be a UUID' })
  lineId?: string;

  @IsOptional()
  @IsUUID('all', { message: 'templateId must be a UUID' })
  templateId?: string;
}

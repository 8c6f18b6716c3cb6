import { Type } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { MAX_BODY_LENGTH, type SendMessageRequest } from '@care/shared';

export class QuietHoursOverrideDto {
  @IsString({ message: 'quietHoursOverride.reason must be text' })
  @Matches(/\S/, { message: 'quietHoursOverride.reason must say why this cannot wait until morning' })
  @MaxLength(500, { message: 'quietHoursOverride.reason must be at most 500 characters' })
  reason!: string;
}

export class SendMessageDto implements SendMessageRequest {
  /** Optional only with a templateId (the template's text is used then). */
  @ValidateIf((request: SendMessageDto) => request.templateId === undefined || request.body !== undefined)
  @IsString({ message: 'body must be text' })
  @Matches(/\S/, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters (Twilio's limit)` })
  body?: string;

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

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sendAt must be an ISO 8601 date and time, e.g. 2026-03-04T14:30:00Z' })
  @Matches(/T.*(Z|[+-]\d{2}:?\d{2})$/, { message: 'sendAt must include a time and a UTC offset, e.g. 2026-03-04T14:30:00Z' })
  sendAt?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursOverrideDto)
  quietHoursOverride?: QuietHoursOverrideDto;

  @IsOptional()
  @IsBoolean({ message: 'smartEncoding must be true or false' })
  smartEncoding?: boolean;
}

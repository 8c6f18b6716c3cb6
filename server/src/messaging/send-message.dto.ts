import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { MAX_ATTACHMENTS, MAX_BODY_LENGTH, type SendMessageRequest } from '@care/shared';

export class QuietHoursOverrideDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 500, example: 'Post-op instructions the patient needs tonight', description: 'Why this cannot wait until quiet hours end (audited)' })
  @IsString({ message: 'quietHoursOverride.reason must be text' })
  @Matches(/\S/, { message: 'quietHoursOverride.reason must say why this cannot wait until morning' })
  @MaxLength(500, { message: 'quietHoursOverride.reason must be at most 500 characters' })
  reason!: string;
}

export class SendMessageDto implements SendMessageRequest {
  /** Optional with a templateId (the template's text is used then) or with attachments (media only). */
  @ApiPropertyOptional({ type: String, maxLength: MAX_BODY_LENGTH, example: 'Hi Maria, how is your blood pressure today?', description: `The text (Twilio's limit: ${MAX_BODY_LENGTH} characters). Required unless templateId or attachmentIds is given; with a template it is the (edited) template text and is rendered; with attachments it may be empty` })
  @ValidateIf((request: SendMessageDto) => request.body !== undefined || (request.templateId === undefined && !hasAttachments(request)))
  @IsString({ message: 'body must be text' })
  @ValidateBy({
    name: 'notBlankWithoutAttachments',
    validator: {
      validate: (value: unknown, args) => hasAttachments(args?.object as SendMessageDto) || (typeof value === 'string' && /\S/.test(value)),
      defaultMessage: () => 'body must not be empty',
    },
  })
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters (Twilio's limit)` })
  body?: string;

  @ApiProperty({ type: String, pattern: '^[\\w.:-]{1,100}$', example: '0b7e6f62-3a51-4c8e-9f1e-2f4f4b1d2c3a', description: 'Idempotency key chosen by the client: the same key again answers the same message, sent once (409 if used for another patient)' })
  @IsString({ message: 'clientMessageId is required (an idempotency key, e.g. a UUID)' })
  @Matches(/^[\w.:-]{1,100}$/, { message: 'clientMessageId must be 1-100 letters, digits or ._:-' })
  clientMessageId!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: "Which of the patient's numbers; default: the first mobile number" })
  @IsOptional()
  @IsUUID('all', { message: 'phoneId must be a UUID' })
  phoneId?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: "Which line sends it (one the caller may use); default: the line this number last talked to, else the patient's team's line, else the organisation's default" })
  @IsOptional()
  @IsUUID('all', { message: 'lineId must be a UUID' })
  lineId?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'Write from this template (active, organisation-wide or of your team)' })
  @IsOptional()
  @IsUUID('all', { message: 'templateId must be a UUID' })
  templateId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-03-04T14:30:00Z', description: 'Schedule it (ISO 8601 with a UTC offset); answered with status `scheduled`' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sendAt must be an ISO 8601 date and time, e.g. 2026-03-04T14:30:00Z' })
  @Matches(/T.*(Z|[+-]\d{2}:?\d{2})$/, { message: 'sendAt must include a time and a UTC offset, e.g. 2026-03-04T14:30:00Z' })
  sendAt?: string;

  @ApiPropertyOptional({ type: () => QuietHoursOverrideDto, description: "Send during the organisation's quiet hours anyway (otherwise it is held until they end)" })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursOverrideDto)
  quietHoursOverride?: QuietHoursOverrideDto;

  @ApiPropertyOptional({ type: Boolean, description: 'Replace typographic characters (curly quotes, dashes) with GSM-7 ones so the text costs fewer segments' })
  @IsOptional()
  @IsBoolean({ message: 'smartEncoding must be true or false' })
  smartEncoding?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_ATTACHMENTS, description: 'Files you uploaded with `POST /api/attachments` (each goes once): the text goes as MMS with them; another user\'s or organisation\'s id is a 404' })
  @IsOptional()
  @IsArray({ message: 'attachmentIds must be a list of attachment ids' })
  @ArrayMaxSize(MAX_ATTACHMENTS, { message: `attachmentIds can have at most ${MAX_ATTACHMENTS} entries (Twilio's limit)` })
  @ArrayUnique({ message: 'attachmentIds must not repeat an id' })
  @IsUUID('all', { each: true, message: 'attachmentIds must be attachment ids (UUIDs)' })
  attachmentIds?: string[];
}

function hasAttachments(request: SendMessageDto): boolean {
  return Array.isArray(request.attachmentIds) && request.attachmentIds.length > 0;
}

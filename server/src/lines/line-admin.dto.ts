import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type { CreateLineRequest, UpdateLineRequest } from '@care/shared';

const E164 = /^\+[1-9]\d{1,14}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

export class CreateLineDto implements CreateLineRequest {
  @ApiProperty({ type: String, minLength: 1, maxLength: 100, example: 'Cardiology line', description: 'Shown to staff; not sent to patients' })
  @IsString({ message: 'name must be text' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name!: string;

  @ApiPropertyOptional({ type: String, pattern: E164.source, example: '+16175550100', description: 'The Twilio number, E.164. Give exactly one of number and messagingServiceSid' })
  @IsOptional()
  @IsString({ message: 'number must be text' })
  @Matches(E164, { message: 'number must be in E.164 format, e.g. +16175550100' })
  number?: string;

  @ApiPropertyOptional({ type: String, pattern: MESSAGING_SERVICE_SID.source, example: 'MG0123456789abcdef0123456789abcdef', description: 'A Twilio Messaging Service SID instead of a number' })
  @IsOptional()
  @IsString({ message: 'messagingServiceSid must be text' })
  @Matches(MESSAGING_SERVICE_SID, { message: 'messagingServiceSid must be MG followed by 32 hex digits' })
  messagingServiceSid?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The care team that owns the line; null = organisation-wide' })
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a team id or null (organisation-wide)' })
  teamId?: string | null;

  @ApiPropertyOptional({ type: Boolean, description: "The organisation's default line (one per organisation; setting it clears the old default)" })
  @IsOptional()
  @IsBoolean({ message: 'isDefault must be true or false' })
  isDefault?: boolean;

  @ApiPropertyOptional({ type: Number, minimum: 0.1, maximum: 1000, example: 1, description: "Messages per second this line may send (Twilio's sender throughput)" })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'mps must be a number of messages per second' })
  @Min(0.1, { message: 'mps must be at least 0.1' })
  @Max(1000, { message: 'mps must be at most 1000' })
  mps?: number;
}

/** Any of the create fields except the sender itself (a line's number or service never changes). */
export class UpdateLineDto extends PartialType(PickType(CreateLineDto, ['name', 'teamId', 'isDefault', 'mps'] as const)) implements UpdateLineRequest {}

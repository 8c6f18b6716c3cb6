import { IsBoolean, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type { CreateLineRequest, UpdateLineRequest } from '@care/shared';

const E164 = /^\+[1-9]\d{1,14}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

export class CreateLineDto implements CreateLineRequest {
  @IsString({ message: 'name must be text' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name!: string;

  @IsOptional()
  @IsString({ message: 'number must be text' })
  @Matches(E164, { message: 'number must be in E.164 format, e.g. +16175550100' })
  number?: string;

  @IsOptional()
  @IsString({ message: 'messagingServiceSid must be text' })
  @Matches(MESSAGING_SERVICE_SID, { message: 'messagingServiceSid must be MG followed by 32 hex digits' })
  messagingServiceSid?: string;

  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a team id or null (organisation-wide)' })
  teamId?: string | null;

  @IsOptional()
  @IsBoolean({ message: 'isDefault must be true or false' })
  isDefault?: boolean;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'mps must be a number of messages per second' })
  @Min(0.1, { message: 'mps must be at least 0.1' })
  @Max(1000, { message: 'mps must be at most 1000' })
  mps?: number;
}

export class UpdateLineDto implements UpdateLineRequest {
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name?: string;

  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a team id or null (organisation-wide)' })
  teamId?: string | null;

  @IsOptional()
  @IsBoolean({ message: 'isDefault must be true or false' })
  isDefault?: boolean;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'mps must be a number of messages per second' })
  @Min(0.1, { message: 'mps must be at least 0.1' })
  @Max(1000, { message: 'mps must be at most 1000' })
  mps?: number;
}

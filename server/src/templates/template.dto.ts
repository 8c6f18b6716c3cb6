import { IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { MAX_BODY_LENGTH, type CreateTemplateRequest, type UpdateTemplateRequest } from '@care/shared';

export class CreateTemplateDto implements CreateTemplateRequest {
  @IsString({ message: 'name must be text' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name!: string;

  @IsString({ message: 'body must be text' })
  @Matches(/\S/, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters` })
  body!: string;

  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsString({ message: 'category must be text or null' })
  @MaxLength(60, { message: 'category must be at most 60 characters' })
  category?: string | null;

  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsUUID('all', { message: 'teamId must be a team id or null (organisation-wide)' })
  teamId?: string | null;

  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class UpdateTemplateDto implements UpdateTemplateRequest {
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name?: string;

  @IsOptional()
  @IsString({ message: 'body must be text' })
  @Matches(/\S/, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters` })
  body?: string;

  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsString({ message: 'category must be text or null' })
  @MaxLength(60, { message: 'category must be at most 60 characters' })
  category?: string | null;

  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsUUID('all', { message: 'teamId must be a team id or null (organisation-wide)' })
  teamId?: string | null;

  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { MAX_BODY_LENGTH, TEMPLATE_VARIABLES, type CreateTemplateRequest, type UpdateTemplateRequest } from '@care/shared';

const BODY_DESCRIPTION = `Handlebars text; variables: ${TEMPLATE_VARIABLES.map((name) => `{{${name}}}`).join(', ')}`;

export class CreateTemplateDto implements CreateTemplateRequest {
  @ApiProperty({ type: String, minLength: 1, maxLength: 100, example: 'Appointment reminder' })
  @IsString({ message: 'name must be text' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: MAX_BODY_LENGTH, description: BODY_DESCRIPTION, example: 'Hi {{patient.firstName}}, this is {{org.name}} reminding you of your appointment tomorrow.' })
  @IsString({ message: 'body must be text' })
  @Matches(/\S/, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters` })
  body!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 60, example: 'Reminders' })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsString({ message: 'category must be text or null' })
  @MaxLength(60, { message: 'category must be at most 60 characters' })
  category?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The care team that may use it; null = organisation-wide' })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsUUID('all', { message: 'teamId must be a team id or null (organisation-wide)' })
  teamId?: string | null;

  @ApiPropertyOptional({ type: Boolean, description: 'Inactive templates are hidden from the composer (default true)' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

/** Any of the create fields; only those given change. */
export class UpdateTemplateDto extends PartialType(CreateTemplateDto) implements UpdateTemplateRequest {}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import type { OrganizationSettingsDto, UpdateOrganizationSettingsRequest } from '@care/shared';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The settings as the API answers them (the wire type lives in `shared/`). */
export type OrganizationSettings = OrganizationSettingsDto;

/** Longest HELP reply: two GSM-7 segments' worth, so the answer stays a short text. */
export const HELP_REPLY_MAX_LENGTH = 320;

export class UpdateOrganizationSettingsDto implements UpdateOrganizationSettingsRequest {
  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 200, example: 'Riverside Clinic' })
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name?: string;

  @ApiPropertyOptional({ type: String, example: 'America/New_York', description: 'IANA time zone; quiet hours are counted in it (422 if unknown)' })
  @IsOptional()
  @IsString({ message: 'timeZone must be an IANA time zone such as America/New_York' })
  timeZone?: string;

  @ApiPropertyOptional({ type: String, pattern: HH_MM.source, example: '21:00', description: 'Start of quiet hours, HH:MM (24 h): texts are held until they end' })
  @IsOptional()
  @Matches(HH_MM, { message: 'quietHoursStart must be a time HH:MM (24 h)' })
  quietHoursStart?: string;

  @ApiPropertyOptional({ type: String, pattern: HH_MM.source, example: '08:00', description: 'End of quiet hours, HH:MM (24 h); equal to the start turns quiet hours off' })
  @IsOptional()
  @Matches(HH_MM, { message: 'quietHoursEnd must be a time HH:MM (24 h); equal to the start turns quiet hours off' })
  quietHoursEnd?: string;

  /** null goes back to the default text. */
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: HELP_REPLY_MAX_LENGTH, description: 'The answer to HELP/INFO texts; null goes back to the default text' })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsString({ message: 'helpReply must be text, or null for the default reply' })
  @MinLength(1, { message: `helpReply must be 1 to ${HELP_REPLY_MAX_LENGTH} characters` })
  @MaxLength(HELP_REPLY_MAX_LENGTH, { message: `helpReply must be 1 to ${HELP_REPLY_MAX_LENGTH} characters` })
  @Matches(/\S/, { message: 'helpReply must not be blank' })
  helpReply?: string | null;

  /** null turns the after-hours reply off. */
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: HELP_REPLY_MAX_LENGTH, description: 'Sent to texts that arrive outside business hours (once per conversation per 12 h); null turns it off' })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsString({ message: 'afterHoursReply must be text, or null to turn it off' })
  @MinLength(1, { message: `afterHoursReply must be 1 to ${HELP_REPLY_MAX_LENGTH} characters` })
  @MaxLength(HELP_REPLY_MAX_LENGTH, { message: `afterHoursReply must be 1 to ${HELP_REPLY_MAX_LENGTH} characters` })
  @Matches(/\S/, { message: 'afterHoursReply must not be blank' })
  afterHoursReply?: string | null;

  @ApiPropertyOptional({ type: String, pattern: HH_MM.source, example: '08:00', description: 'Start of business hours, HH:MM (24 h)' })
  @IsOptional()
  @Matches(HH_MM, { message: 'businessHoursStart must be a time HH:MM (24 h)' })
  businessHoursStart?: string;

  @ApiPropertyOptional({ type: String, pattern: HH_MM.source, example: '18:00', description: 'End of business hours, HH:MM (24 h), after the start' })
  @IsOptional()
  @Matches(HH_MM, { message: 'businessHoursEnd must be a time HH:MM (24 h)' })
  businessHoursEnd?: string;

  @ApiPropertyOptional({ type: [Number], example: [1, 2, 3, 4, 5], description: 'Open days, ISO weekdays (1 = Monday … 7 = Sunday)' })
  @IsOptional()
  @IsArray({ message: 'businessDays must be a list of weekdays 1-7' })
  @ArrayMaxSize(7, { message: 'businessDays must be a list of weekdays 1-7' })
  @ArrayUnique({ message: 'businessDays must not repeat a day' })
  @IsInt({ each: true, message: 'businessDays must be a list of weekdays 1-7' })
  @Min(1, { each: true, message: 'businessDays must be a list of weekdays 1-7' })
  @Max(7, { each: true, message: 'businessDays must be a list of weekdays 1-7' })
  businessDays?: number[];
}

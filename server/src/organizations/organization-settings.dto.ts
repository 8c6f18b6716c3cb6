import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface OrganizationSettings {
  name: string;
  timeZone: string;
  quietHoursStart: string;
  quietHoursEnd: string;
}

export class UpdateOrganizationSettingsDto implements Partial<OrganizationSettings> {
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name?: string;

  @IsOptional()
  @IsString({ message: 'timeZone must be an IANA time zone such as America/New_York' })
  timeZone?: string;

  @IsOptional()
  @Matches(HH_MM, { message: 'quietHoursStart must be a time HH:MM (24 h)' })
  quietHoursStart?: string;

  @IsOptional()
  @Matches(HH_MM, { message: 'quietHoursEnd must be a time HH:MM (24 h); equal to the start turns quiet hours off' })
  quietHoursEnd?: string;
}

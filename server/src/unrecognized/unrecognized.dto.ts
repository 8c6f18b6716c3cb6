import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { CreatePatientFromUnrecognizedRequest, MatchUnrecognizedRequest } from '@care/shared';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class MatchUnrecognizedDto implements MatchUnrecognizedRequest {
  @ApiProperty({ type: String, format: 'uuid', description: 'The patient the number belongs to (it becomes one of their phones)' })
  @IsUUID('all', { message: 'patientId must be the id of a patient' })
  patientId!: string;
}

export class CreatePatientFromUnrecognizedDto implements CreatePatientFromUnrecognizedRequest {
  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Jordan Lee' })
  @IsString({ message: 'name is required' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name!: string;

  @ApiProperty({ type: String, format: 'uuid', description: 'The care team of the new patient (one the caller may see)' })
  @IsUUID('all', { message: 'teamId must be the id of a care team' })
  teamId!: string;

  @ApiPropertyOptional({ type: String, format: 'date', pattern: ISO_DATE.source, example: '1961-04-23' })
  @IsOptional()
  @IsString({ message: 'dateOfBirth must be a date YYYY-MM-DD' })
  @Matches(ISO_DATE, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string;
}

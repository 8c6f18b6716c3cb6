import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import type { StaffOptOutRequest } from '@care/shared';

export class StaffOptOutDto implements StaffOptOutRequest {
  @ApiProperty({ type: String, minLength: 1, maxLength: 500, example: 'Patient asked by phone to stop texts', description: 'Kept in the consent history' })
  @IsString({ message: 'reason is required (e.g. "Patient asked by phone to stop texts")' })
  @Matches(/\S/, { message: 'reason must not be empty' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import type { SetUserTeamsRequest } from '@care/shared';

export class SetUserTeamsDto implements SetUserTeamsRequest {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: 200, description: "Exactly the user's teams after the call (replaces the current set)", example: ['5b0e7c1e-3f0a-4f5e-9d59-1c2f8e3a9b10'] })
  @IsArray({ message: 'teamIds must be an array of team ids' })
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'teamIds must contain team ids (UUIDs)' })
  teamIds!: string[];
}

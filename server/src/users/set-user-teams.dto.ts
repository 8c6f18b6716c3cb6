import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import type { SetUserTeamsRequest } from '@care/shared';

export class SetUserTeamsDto implements SetUserTeamsRequest {
  @IsArray({ message: 'teamIds must be an array of team ids' })
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'teamIds must contain team ids (UUIDs)' })
  teamIds!: string[];
}

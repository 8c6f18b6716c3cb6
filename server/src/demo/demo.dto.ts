import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { MAX_BODY_LENGTH, type DemoInboundRequest } from '@care/shared';

export const E164 = /^\+[1-9]\d{1,14}$/;

export class DemoInboundDto implements DemoInboundRequest {
  @ApiProperty({ type: String, pattern: E164.source, example: '+16175550111', description: "The simulated patient's phone (not another team's patient's, not a line)" })
  @IsString({ message: 'from must be a phone number in E.164 format, e.g. +16175550123' })
  @Matches(E164, { message: 'from must be a phone number in E.164 format, e.g. +16175550123' })
  from!: string;

  @ApiProperty({ type: String, pattern: E164.source, example: '+16175550100', description: 'The number of a line the caller may use' })
  @IsString({ message: 'to must be the number of one of your lines' })
  @Matches(E164, { message: 'to must be the number of one of your lines (E.164)' })
  to!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: MAX_BODY_LENGTH, example: 'Hello from Maria' })
  @IsString({ message: 'body must be text' })
  @Matches(/\S/, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters` })
  body!: string;
}

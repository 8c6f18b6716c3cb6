import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import type { LoginRequest } from '@care/shared';

export class LoginDto implements LoginRequest {
  @ApiProperty({ type: String, format: 'email', maxLength: 320, example: 'nurse@demo.test' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ type: String, format: 'password', minLength: 1, maxLength: 1024, example: 'demo-password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import type { LoginResponse, UserDto } from '@care/shared';
import { AuthService } from './auth.service';
import { LoginDto } from './login.dto';
import { Public } from './public.decorator';
import { CurrentUser } from './current-user.decorator';
import { toUserDto, type AuthUser } from './auth-user';

@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password, address);
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser): UserDto {
    return toUserDto(user);
  }
}

import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { LoginResponse, UserDto } from '@care/shared';
import { AuthService } from './auth.service';
import { LoginDto } from './login.dto';
import { Public } from './public.decorator';
import { CurrentUser } from './current-user.decorator';
import { toUserDto, type AuthUser } from './auth-user';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @ApiRoute({
    summary: 'Log in with email and password',
    description: 'Answers `{accessToken, user}`; send the token as `Authorization: Bearer <accessToken>` and as the Socket.IO handshake `auth.token`.',
    isPublic: true,
    ok: { description: '`{accessToken, user}`' },
    errors: [{ status: 401, description: 'Wrong email or password, or a disabled user' }, 422, { status: 429, description: 'Too many failed logins; try again later' }],
  })
  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password, address);
  }

  @ApiRoute({ summary: 'The logged-in user' })
  @Get('me')
  me(@CurrentUser() user: AuthUser): UserDto {
    return toUserDto(user);
  }
}

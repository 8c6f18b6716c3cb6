import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import type { AdminUserDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { SetUserTeamsDto } from './set-user-teams.dto';
import { UsersService } from './users.service';

/** Admin only (checked in the service: 403 for others). */
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@CurrentUser() admin: AuthUser): Promise<Page<AdminUserDto>> {
    return this.users.list(admin);
  }

  @Put(':id/teams')
  setTeams(@CurrentUser() admin: AuthUser, @Param('id') id: string, @Body() dto: SetUserTeamsDto): Promise<AdminUserDto> {
    return this.users.setTeams(admin, id, dto.teamIds);
  }

  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentUser() admin: AuthUser, @Param('id') id: string): Promise<AdminUserDto> {
    return this.users.setDisabled(admin, id, true);
  }

  @Post(':id/enable')
  @HttpCode(200)
  enable(@CurrentUser() admin: AuthUser, @Param('id') id: string): Promise<AdminUserDto> {
    return this.users.setDisabled(admin, id, false);
  }
}

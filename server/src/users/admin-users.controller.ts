import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { AdminUserDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { SetUserTeamsDto } from './set-user-teams.dto';
import { UsersService } from './users.service';

/** Admin only (checked in the service: 403 for others). */
@ApiTags('admin-users')
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @ApiRoute({ summary: 'Every user of the organisation (admins)', errors: [403] })
  @Get()
  list(@CurrentUser() admin: AuthUser): Promise<Page<AdminUserDto>> {
    return this.users.list(admin);
  }

  @ApiRoute({ summary: "Replace a user's teams", description: 'Takes effect on their open sockets at once (rooms are moved, no reconnect).', errors: [403, 404, { status: 422, description: 'Invalid request, or a team that does not exist in this organisation' }] })
  @Put(':id/teams')
  setTeams(@CurrentUser() admin: AuthUser, @Param('id') id: string, @Body() dto: SetUserTeamsDto): Promise<AdminUserDto> {
    return this.users.setTeams(admin, id, dto.teamIds);
  }

  @ApiRoute({ summary: 'Disable a user', description: 'Closes all their sockets; their token and logins are refused until enabled.', errors: [403, 404, { status: 409, description: 'You cannot disable your own account' }] })
  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentUser() admin: AuthUser, @Param('id') id: string): Promise<AdminUserDto> {
    return this.users.setDisabled(admin, id, true);
  }

  @ApiRoute({ summary: 'Enable a disabled user', errors: [403, 404] })
  @Post(':id/enable')
  @HttpCode(200)
  enable(@CurrentUser() admin: AuthUser, @Param('id') id: string): Promise<AdminUserDto> {
    return this.users.setDisabled(admin, id, false);
  }
}

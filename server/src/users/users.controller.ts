import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Page, UserSummaryDto } from '@care/shared';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { User } from './user.entity';

/** Active users of the organisation, for supervisors and admins who reassign conversations (403 for members). */
@ApiTags('users')
@Controller('api/users')
@Roles('supervisor', 'admin')
export class UsersController {
  constructor(private readonly em: EntityManager) {}

  @ApiRoute({ summary: 'Active users of the organisation, to assign conversations to (supervisors and admins)', errors: [403] })
  @Get()
  async list(@CurrentUser() user: AuthUser): Promise<Page<UserSummaryDto>> {
    const users = await this.em.fork().find(User, { organization: user.organizationId, disabledAt: null }, { populate: ['teams'], orderBy: { name: 'asc', id: 'asc' } });
    return {
      items: users.map((found) => ({ id: found.id, name: found.name, role: found.role, teamIds: found.teams.getItems().map((team) => team.id) })),
      nextCursor: null,
    };
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Page, TeamDto } from '@care/shared';
import { seesWholeOrganization, type AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Team } from './team.entity';

/** The care teams the caller may see: supervisors and admins all of the organisation's, members their own. */
@ApiTags('teams')
@Controller('api/teams')
export class TeamsController {
  constructor(private readonly em: EntityManager) {}

  @ApiRoute({ summary: 'The care teams the caller may see', description: "Supervisors and admins: all of the organisation's; members: their own." })
  @Get()
  async list(@CurrentUser() user: AuthUser): Promise<Page<TeamDto>> {
    const where = seesWholeOrganization(user) ? { organization: user.organizationId } : { organization: user.organizationId, id: { $in: user.teamIds } };
    const teams = await this.em.fork().find(Team, where, { orderBy: { name: 'asc', id: 'asc' } });
    return { items: teams.map((team) => ({ id: team.id, name: team.name })), nextCursor: null };
  }
}

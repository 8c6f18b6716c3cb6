import { Controller, Get } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Page, TemplateDto } from '@care/shared';
import { Template } from './template.entity';
import { CurrentUser } from '../auth/current-user.decorator';
import { canSeeTeam, type AuthUser } from '../auth/auth-user';

@Controller('api/templates')
export class TemplatesController {
  constructor(private readonly em: EntityManager) {}

  /** Organisation-wide templates and those of the caller's teams. */
  @Get()
  async list(@CurrentUser() user: AuthUser): Promise<Page<TemplateDto>> {
    const templates = await this.em.fork().find(Template, { organization: user.organizationId }, { orderBy: { name: 'asc' } });
    const items = templates
      .filter((template) => template.team === null || canSeeTeam(user, template.team.id))
      .map((template) => ({ id: template.id, name: template.name, body: template.body, teamId: template.team?.id ?? null }));
    return { items, nextCursor: null };
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { Page, TemplateDto } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { TemplatesService } from './templates.service';

@ApiTags('templates')
@Controller('api/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  /** For the composer: active templates of the caller's teams and the organisation; `search` matches name, category or text. */
  @ApiRoute({ summary: 'Templates the caller may use (active, organisation-wide or of their teams)' })
  @ApiQuery({ name: 'search', required: false, description: 'Matches name, category or text' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Query('search') search?: string): Promise<Page<TemplateDto>> {
    return this.templates.listUsable(user, typeof search === 'string' ? search : undefined);
  }
}

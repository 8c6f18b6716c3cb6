import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { LineDto, Page } from '@care/shared';
import { LinesService } from './lines.service';
import { toLineDto } from './line.mapper';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';

@ApiTags('lines')
@Controller('api/lines')
export class LinesController {
  constructor(private readonly lines: LinesService) {}

  @ApiRoute({ summary: 'The sending lines the caller may use', description: "Organisation-wide lines and those of the caller's teams (all for supervisors and admins)." })
  @Get()
  async list(@CurrentUser() user: AuthUser): Promise<Page<LineDto>> {
    return { items: (await this.lines.usableLines(user)).map(toLineDto), nextCursor: null };
  }
}

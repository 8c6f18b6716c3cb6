import { Controller, Get } from '@nestjs/common';
import type { LineDto, Page } from '@care/shared';
import { LinesService } from './lines.service';
import { toLineDto } from './line.mapper';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';

@Controller('api/lines')
export class LinesController {
  constructor(private readonly lines: LinesService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser): Promise<Page<LineDto>> {
    return { items: (await this.lines.usableLines(user)).map(toLineDto), nextCursor: null };
  }
}

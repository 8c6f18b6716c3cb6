import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import type { AdminLineDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { Roles } from '../auth/roles.decorator';
import { CreateLineDto, UpdateLineDto } from './line-admin.dto';
import { LinesService } from './lines.service';

@Controller('api/admin/lines')
@Roles('admin')
export class AdminLinesController {
  constructor(private readonly lines: LinesService) {}

  @Get()
  list(@CurrentUser() user: AuthUser): Promise<Page<AdminLineDto>> {
    return this.lines.listAll(user);
  }

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() request: CreateLineDto): Promise<AdminLineDto> {
    return this.lines.create(user, request);
  }

  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() request: UpdateLineDto): Promise<AdminLineDto> {
    return this.lines.update(user, id, request);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.lines.remove(user, id);
  }
}

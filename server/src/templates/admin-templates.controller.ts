import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import type { AdminTemplateDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { Roles } from '../auth/roles.decorator';
import { CreateTemplateDto, UpdateTemplateDto } from './template.dto';
import { TemplatesService } from './templates.service';

@Controller('api/admin/templates')
@Roles('admin')
export class AdminTemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  list(@CurrentUser() user: AuthUser): Promise<Page<AdminTemplateDto>> {
    return this.templates.listAll(user);
  }

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() request: CreateTemplateDto): Promise<AdminTemplateDto> {
    return this.templates.create(user, request);
  }

  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() request: UpdateTemplateDto): Promise<AdminTemplateDto> {
    return this.templates.update(user, id, request);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.templates.remove(user, id);
  }
}

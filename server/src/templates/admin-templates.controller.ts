import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { AdminTemplateDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { Roles } from '../auth/roles.decorator';
import { CreateTemplateDto, UpdateTemplateDto } from './template.dto';
import { TemplatesService } from './templates.service';

@ApiTags('admin-templates')
@Controller('api/admin/templates')
@Roles('admin')
export class AdminTemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @ApiRoute({ summary: 'Every template of the organisation, active or not (admins)', errors: [403] })
  @Get()
  list(@CurrentUser() user: AuthUser): Promise<Page<AdminTemplateDto>> {
    return this.templates.listAll(user);
  }

  @ApiRoute({ summary: 'Add a template', ok: { description: 'The new template' }, errors: [403, { status: 404, description: 'Team not found' }, { status: 422, description: 'Invalid request, or the text uses an unknown variable or is not a valid template' }] })
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() request: CreateTemplateDto): Promise<AdminTemplateDto> {
    return this.templates.create(user, request);
  }

  @ApiRoute({ summary: 'Change a template', errors: [403, { status: 404, description: 'Template or team not found' }, { status: 422, description: 'Invalid request, or the text uses an unknown variable or is not a valid template' }] })
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() request: UpdateTemplateDto): Promise<AdminTemplateDto> {
    return this.templates.update(user, id, request);
  }

  @ApiRoute({ summary: 'Delete a template (messages sent from it keep their text)', ok: { description: 'Deleted' }, errors: [403, 404] })
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.templates.remove(user, id);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { AdminLineDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { Roles } from '../auth/roles.decorator';
import { CreateLineDto, UpdateLineDto } from './line-admin.dto';
import { LinesService } from './lines.service';

@ApiTags('admin-lines')
@Controller('api/admin/lines')
@Roles('admin')
export class AdminLinesController {
  constructor(private readonly lines: LinesService) {}

  @ApiRoute({ summary: 'Every line of the organisation, with its send rate (admins)', errors: [403] })
  @Get()
  list(@CurrentUser() user: AuthUser): Promise<Page<AdminLineDto>> {
    return this.lines.listAll(user);
  }

  @ApiRoute({ summary: 'Add a line (a Twilio number or Messaging Service)', ok: { description: 'The new line' }, errors: [403, { status: 404, description: 'Team not found' }, { status: 409, description: 'Another line already uses this number or Messaging Service' }, { status: 422, description: 'Invalid request (give exactly one of number and messagingServiceSid)' }] })
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() request: CreateLineDto): Promise<AdminLineDto> {
    return this.lines.create(user, request);
  }

  @ApiRoute({ summary: 'Change a line', errors: [403, { status: 404, description: 'Line or team not found' }, { status: 409, description: 'Another line already uses this number or Messaging Service' }, 422] })
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() request: UpdateLineDto): Promise<AdminLineDto> {
    return this.lines.update(user, id, request);
  }

  @ApiRoute({ summary: 'Delete a line', ok: { description: 'Deleted' }, errors: [403, 404, { status: 409, description: 'The line has conversations; rename it or move it to another team instead' }] })
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.lines.remove(user, id);
  }
}

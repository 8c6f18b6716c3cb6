import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { Page, PatientDto } from '@care/shared';
import { PatientsService } from './patients.service';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';

@ApiTags('patients')
@Controller('api/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @ApiRoute({ summary: 'List the patients the caller may see', description: "Members see their teams' patients, supervisors and admins the whole organisation. Each patient has `phones[]` (`id`, `number` in E.164, `type`, `optedOut`)." })
  @ApiQuery({ name: 'search', required: false, description: 'Part of the name, or 3 or more digits of a phone number' })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Query('search') search?: string, @Query('cursor') cursor?: string): Promise<Page<PatientDto>> {
    return this.patients.list(user, typeof search === 'string' ? search : undefined, typeof cursor === 'string' ? cursor : undefined);
  }

  @ApiRoute({ summary: 'One patient', errors: [404] })
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PatientDto> {
    return this.patients.getDto(user, id);
  }
}

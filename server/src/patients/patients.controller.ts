import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Page, PatientDto } from '@care/shared';
import { PatientsService } from './patients.service';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';

@Controller('api/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query('search') search?: string, @Query('cursor') cursor?: string): Promise<Page<PatientDto>> {
    return this.patients.list(user, typeof search === 'string' ? search : undefined, typeof cursor === 'string' ? cursor : undefined);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PatientDto> {
    return this.patients.getDto(user, id);
  }
}

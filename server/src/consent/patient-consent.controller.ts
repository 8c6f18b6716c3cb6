import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { ConsentEventDto, Page, PatientDto } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { PatientConsentService } from './patient-consent.service';
import { StaffOptOutDto } from './staff-opt-out.dto';

/** A patient's consent history and the staff-recorded opt-out (there is no staff opt-in). */
@Controller('api/patients/:patientId')
export class PatientConsentController {
  constructor(private readonly consent: PatientConsentService) {}

  @Get('consent')
  history(@CurrentUser() user: AuthUser, @Param('patientId') patientId: string, @Query('cursor') cursor?: string): Promise<Page<ConsentEventDto>> {
    return this.consent.history(user, patientId, typeof cursor === 'string' ? cursor : undefined);
  }

  @Post('phones/:phoneId/opt-out')
  @HttpCode(201)
  optOut(@CurrentUser() user: AuthUser, @Param('patientId') patientId: string, @Param('phoneId') phoneId: string, @Body() request: StaffOptOutDto): Promise<ConsentEventDto> {
    return this.consent.recordStaffOptOut(user, patientId, phoneId, request.reason);
  }

  @Post('phones/:phoneId/mark-landline')
  @HttpCode(200)
  markLandline(@CurrentUser() user: AuthUser, @Param('patientId') patientId: string, @Param('phoneId') phoneId: string): Promise<PatientDto> {
    return this.consent.markLandline(user, patientId, phoneId);
  }
}

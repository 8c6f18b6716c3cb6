import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { ConsentEventDto, Page, PatientDto } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { PatientConsentService } from './patient-consent.service';
import { StaffOptOutDto } from './staff-opt-out.dto';

/** A patient's consent history and the staff-recorded opt-out (there is no staff opt-in). */
@ApiTags('consent')
@Controller('api/patients/:patientId')
export class PatientConsentController {
  constructor(private readonly consent: PatientConsentService) {}

  @ApiRoute({ summary: "A patient's consent history", description: "Opt-outs and opt-ins of the patient's numbers, newest first (`source`: `sms-keyword`, `staff`, `twilio-21610`). Reading is audited.", errors: [404] })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page' })
  @Get('consent')
  history(@CurrentUser() user: AuthUser, @Param('patientId') patientId: string, @Query('cursor') cursor?: string): Promise<Page<ConsentEventDto>> {
    return this.consent.history(user, patientId, typeof cursor === 'string' ? cursor : undefined);
  }

  @ApiRoute({ summary: 'Record an opt-out the patient asked for (by phone, in person)', description: "Pushes `consent:changed`. There is no staff opt-in: only the patient's START re-opts in.", ok: { description: 'The consent event recorded' }, errors: [404, 422] })
  @Post('phones/:phoneId/opt-out')
  @HttpCode(201)
  optOut(@CurrentUser() user: AuthUser, @Param('patientId') patientId: string, @Param('phoneId') phoneId: string, @Body() request: StaffOptOutDto): Promise<ConsentEventDto> {
    return this.consent.recordStaffOptOut(user, patientId, phoneId, request.reason);
  }

  @ApiRoute({ summary: 'Mark a number as a landline (what Twilio error 30006 suggests)', ok: { description: 'The patient, the number now `landline` (never texted again)' }, errors: [404] })
  @Post('phones/:phoneId/mark-landline')
  @HttpCode(200)
  markLandline(@CurrentUser() user: AuthUser, @Param('patientId') patientId: string, @Param('phoneId') phoneId: string): Promise<PatientDto> {
    return this.consent.markLandline(user, patientId, phoneId);
  }
}

import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { ConsentModule } from './consent.module';
import { PatientConsentController } from './patient-consent.controller';
import { PatientConsentService } from './patient-consent.service';

/** The consent API on patient profiles (separate from ConsentModule, which patients itself imports). */
@Module({
  imports: [ConsentModule, PatientsModule, RealtimeModule],
  controllers: [PatientConsentController],
  providers: [PatientConsentService],
})
export class PatientConsentModule {}

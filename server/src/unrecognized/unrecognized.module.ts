import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UnrecognizedController } from './unrecognized.controller';
import { UnrecognizedService } from './unrecognized.service';

@Module({
  imports: [PatientsModule, RealtimeModule],
  controllers: [UnrecognizedController],
  providers: [UnrecognizedService],
})
export class UnrecognizedModule {}

import { Module } from '@nestjs/common';
import { LinesModule } from '../lines/lines.module';
import { PatientsModule } from '../patients/patients.module';
import { DemoController } from './demo.controller';
import { DemoService } from './demo.service';

/** Imported by AppModule only in simulator mode (config.twilio.mode === 'simulator'). */
@Module({
  imports: [LinesModule, PatientsModule],
  controllers: [DemoController],
  providers: [DemoService],
})
export class DemoModule {}

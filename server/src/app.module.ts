import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { PatientsModule } from './patients/patients.module';
import { LinesModule } from './lines/lines.module';
import { TemplatesModule } from './templates/templates.module';
import { MessagingModule } from './messaging/messaging.module';
import { RealtimeModule } from './realtime/realtime.module';
import { TwilioWebhooksModule } from './twilio/twilio-webhooks.module';
import { HealthModule } from './health/health.module';
import { InboxModule } from './inbox/inbox.module';
import { JobsModule } from './jobs/jobs.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { NotificationsModule } from './notifications/notifications.module';
import { UsersModule } from './users/users.module';
import { PatientConsentModule } from './consent/patient-consent.module';
import { LoggingModule } from './observability/logging.module';
import { MetricsModule } from './observability/metrics.module';
import { UnrecognizedModule } from './unrecognized/unrecognized.module';
import { DemoModule } from './demo/demo.module';
import type { DestinationStream } from 'pino';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: { logDestination?: DestinationStream } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, options.logDestination),
        DatabaseModule,
        EventEmitterModule.forRoot(),
        JobsModule,
        OrganizationsModule,
        AuditModule,
        AuthModule,
        PatientsModule,
        LinesModule,
        TemplatesModule,
        MessagingModule,
        RealtimeModule,
        TwilioWebhooksModule,
        InboxModule,
        NotificationsModule,
        UsersModule,
        PatientConsentModule,
        HealthModule,
        MetricsModule,
        UnrecognizedModule,
        // Demo mode ("Simulated phones") exists only next to the built-in Twilio simulator.
        ...(config.twilio.mode === 'simulator' ? [DemoModule] : []),
      ],
    };
  }
}

import { Module } from '@nestjs/common';
import { AdminTemplatesController } from './admin-templates.controller';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Module({ controllers: [TemplatesController, AdminTemplatesController], providers: [TemplatesService], exports: [TemplatesService] })
export class TemplatesModule {}

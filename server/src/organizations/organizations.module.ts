import { Module } from '@nestjs/common';
import { OrganizationSettingsController } from './organization-settings.controller';
import { TeamsController } from './teams.controller';

@Module({ controllers: [OrganizationSettingsController, TeamsController] })
export class OrganizationsModule {}

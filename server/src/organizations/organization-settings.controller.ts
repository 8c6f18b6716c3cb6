import { Body, Controller, Get, Patch } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { Roles } from '../auth/roles.decorator';
import { InvalidInputError } from '../common/errors/domain-error';
import { Organization } from './organization.entity';
import { UpdateOrganizationSettingsDto, type OrganizationSettings } from './organization-settings.dto';

/** The organisation's own settings: name, time zone and quiet hours (admins). */
@Controller('api/admin/organization')
@Roles('admin')
export class OrganizationSettingsController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  async get(@CurrentUser() user: AuthUser): Promise<OrganizationSettings> {
    return toSettings(await this.em.fork().findOneOrFail(Organization, user.organizationId));
  }

  @Patch()
  async update(@CurrentUser() user: AuthUser, @Body() request: UpdateOrganizationSettingsDto): Promise<OrganizationSettings> {
    if (request.timeZone !== undefined && !isTimeZone(request.timeZone)) {
      throw new InvalidInputError('timeZone must be an IANA time zone such as America/New_York');
    }
    const em = this.em.fork();
    const organization = await em.findOneOrFail(Organization, user.organizationId);
    if (request.name !== undefined) organization.name = request.name.trim();
    if (request.timeZone !== undefined) organization.timeZone = request.timeZone;
    if (request.quietHoursStart !== undefined) organization.quietHoursStart = request.quietHoursStart;
    if (request.quietHoursEnd !== undefined) organization.quietHoursEnd = request.quietHoursEnd;
    await em.flush();
    return toSettings(organization);
  }
}

function toSettings(organization: Organization): OrganizationSettings {
  return { name: organization.name, timeZone: organization.timeZone, quietHoursStart: organization.quietHoursStart, quietHoursEnd: organization.quietHoursEnd };
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { Roles } from '../auth/roles.decorator';
import { AuditService } from '../audit/audit.service';
import { InvalidInputError } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { parseBusinessDays } from '../messaging/business-hours';
import { defaultHelpReply } from '../messaging/help-reply';
import { Organization } from './organization.entity';
import { UpdateOrganizationSettingsDto, type OrganizationSettings } from './organization-settings.dto';
import { isTimeZone } from '../common/time-zone';

/** The organisation's own settings: name, time zone, quiet hours and the HELP reply (admins). */
@ApiTags('admin-organization')
@Controller('api/admin/organization')
@Roles('admin')
export class OrganizationSettingsController {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiRoute({ summary: "The organisation's settings: name, time zone, quiet hours, HELP reply (admins)", errors: [403] })
  @Get()
  async get(@CurrentUser() user: AuthUser): Promise<OrganizationSettings> {
    return this.toSettings(await this.em.fork().findOneOrFail(Organization, user.organizationId));
  }

  @ApiRoute({ summary: "Change the organisation's settings", description: 'Only the fields given change; the change is audited.', errors: [403, { status: 422, description: 'Invalid request (e.g. an unknown time zone)' }] })
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
    if (request.helpReply !== undefined) organization.helpReply = request.helpReply === null ? null : request.helpReply.trim();
    if (request.afterHoursReply !== undefined) organization.afterHoursReply = request.afterHoursReply === null ? null : request.afterHoursReply.trim();
    if (request.businessHoursStart !== undefined) organization.businessHoursStart = request.businessHoursStart;
    if (request.businessHoursEnd !== undefined) organization.businessHoursEnd = request.businessHoursEnd;
    if (request.businessDays !== undefined) organization.businessDays = [...request.businessDays].sort().join(',');
    if (organization.businessHoursStart >= organization.businessHoursEnd) {
      throw new InvalidInputError('businessHoursEnd must be later than businessHoursStart');
    }
    const changed = Object.keys(request).filter((key) => (request as Record<string, unknown>)[key] !== undefined);
    if (changed.length > 0) this.audit.record(em, user, 'organization.settings-changed', null, { fields: changed });
    await em.flush();
    return this.toSettings(organization);
  }

  private toSettings(organization: Organization): OrganizationSettings {
    const base = this.config.http.publicBaseUrl.replace(/\/+$/, '');
    return {
      name: organization.name,
      timeZone: organization.timeZone,
      quietHoursStart: organization.quietHoursStart,
      quietHoursEnd: organization.quietHoursEnd,
      helpReply: organization.helpReply,
      defaultHelpReply: defaultHelpReply(organization.name),
      afterHoursReply: organization.afterHoursReply,
      businessHoursStart: organization.businessHoursStart,
      businessHoursEnd: organization.businessHoursEnd,
      businessDays: parseBusinessDays(organization.businessDays),
      webhooks: { inbound: `${base}/webhooks/twilio/inbound`, status: `${base}/webhooks/twilio/status` },
    };
  }
}

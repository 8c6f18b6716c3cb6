import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import type { AdminTemplateDto, Page, TemplateDto } from '@care/shared';
import { canSeeTeam, seesWholeOrganization, type AuthUser } from '../auth/auth-user';
import { NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import type { Line } from '../lines/line.entity';
import { Organization } from '../organizations/organization.entity';
import { Team } from '../organizations/team.entity';
import type { Patient } from '../patients/patient.entity';
import type { User } from '../users/user.entity';
import { Template } from './template.entity';
import type { CreateTemplateDto, UpdateTemplateDto } from './template.dto';
import { renderTemplate, splitName, templateVariables, type TemplateValues } from './template-renderer';

export interface TemplateContext {
  patient: Patient;
  user: User;
  organization: Organization;
  line: Line;
}

/** Message templates: admins manage them; senders pick the active ones of their teams or the organisation. */
@Injectable()
export class TemplatesService {
  constructor(private readonly em: EntityManager) {}

  /** For the composer: active templates the caller may use, optionally searched by name, category or text. */
  async listUsable(user: AuthUser, search: string | undefined): Promise<Page<TemplateDto>> {
    const where: FilterQuery<Template> = { organization: user.organizationId, active: true };
    if (!seesWholeOrganization(user)) where.$and = [{ $or: [{ team: null }, { team: { $in: user.teamIds } }] }];
    const term = search?.trim();
    if (term) {
      const like = `%${escapeLike(term)}%`;
      where.$or = [{ name: { $ilike: like } }, { category: { $ilike: like } }, { body: { $ilike: like } }];
    }
    const templates = await this.em.fork().find(Template, where, { orderBy: { name: 'asc', id: 'asc' } });
    return { items: templates.map(toTemplateDto), nextCursor: null };
  }

  async listAll(user: AuthUser): Promise<Page<AdminTemplateDto>> {
    const templates = await this.em.fork().find(Template, { organization: user.organizationId }, { orderBy: { name: 'asc', id: 'asc' } });
    return { items: templates.map(toAdminTemplateDto), nextCursor: null };
  }

  async create(user: AuthUser, request: CreateTemplateDto): Promise<AdminTemplateDto> {
    templateVariables(request.body);
    const em = this.em.fork();
    const organization = em.getReference(Organization, user.organizationId);
    const template = new Template(organization, request.name.trim(), request.body, await this.team(em, user, request.teamId ?? null));
    template.category = request.category?.trim() || null;
    template.active = request.active ?? true;
    await em.persistAndFlush(template);
    return toAdminTemplateDto(template);
  }

  async update(user: AuthUser, id: string, request: UpdateTemplateDto): Promise<AdminTemplateDto> {
    const em = this.em.fork();
    const template = await this.get(em, user, id);
    if (request.body !== undefined) {
      templateVariables(request.body);
      template.body = request.body;
    }
    if (request.name !== undefined) template.name = request.name.trim();
    if (request.category !== undefined) template.category = request.category?.trim() || null;
    if (request.teamId !== undefined) template.team = await this.team(em, user, request.teamId);
    if (request.active !== undefined) template.active = request.active;
    await em.flush();
    return toAdminTemplateDto(template);
  }

  /** Messages sent from it keep their text; their link to the template is cleared. */
  async remove(user: AuthUser, id: string): Promise<void> {
    const em = this.em.fork();
    await em.removeAndFlush(await this.get(em, user, id));
  }

  /** A template the user may send from (active, org-wide or of their team), else 404. */
  async findUsable(em: EntityManager, user: AuthUser, id: string): Promise<Template> {
    if (!isUuid(id)) throw new NotFoundError('Template');
    const template = await em.findOne(Template, { id, organization: user.organizationId, active: true });
    if (!template || !(template.team === null || canSeeTeam(user, template.team.id))) throw new NotFoundError('Template');
    return template;
  }

  /** Renders `body` (a template's text, possibly edited by the sender) for this message. */
  render(body: string, context: TemplateContext): string {
    return renderTemplate(body, templateValues(context));
  }

  private async get(em: EntityManager, user: AuthUser, id: string): Promise<Template> {
    if (!isUuid(id)) throw new NotFoundError('Template');
    const template = await em.findOne(Template, { id, organization: user.organizationId });
    if (!template) throw new NotFoundError('Template');
    return template;
  }

  private async team(em: EntityManager, user: AuthUser, teamId: string | null): Promise<Team | null> {
    if (teamId === null) return null;
    const team = await em.findOne(Team, { id: teamId, organization: user.organizationId });
    if (!team) throw new NotFoundError('Team');
    return team;
  }
}

export function templateValues({ patient, user, organization, line }: TemplateContext): TemplateValues {
  const patientName = splitName(patient.name);
  return {
    'patient.firstName': patientName.first,
    'patient.lastName': patientName.last,
    'patient.name': patient.name,
    'user.firstName': splitName(user.name).first,
    'user.name': user.name,
    'org.name': organization.name,
    'line.number': line.number,
    'line.name': line.name,
  };
}

function toTemplateDto(template: Template): TemplateDto {
  return { id: template.id, name: template.name, body: template.body, teamId: template.team?.id ?? null, category: template.category };
}

function toAdminTemplateDto(template: Template): AdminTemplateDto {
  return {
    ...toTemplateDto(template),
    category: template.category,
    active: template.active,
    createdAt: template.createdAt.toISOString(),
    updatedAt: template.updatedAt.toISOString(),
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

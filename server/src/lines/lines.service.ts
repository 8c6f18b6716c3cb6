import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { AdminLineDto, Page } from '@care/shared';
import { Line } from './line.entity';
import { toAdminLineDto } from './line.mapper';
import type { CreateLineDto, UpdateLineDto } from './line-admin.dto';
import { LinesEvents, type LinesChangedEvent } from './lines.events';
import { Conversation } from '../messaging/conversation.entity';
import { Organization } from '../organizations/organization.entity';
import { Team } from '../organizations/team.entity';
import { DomainError, InvalidInputError, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { canSeeTeam, type AuthUser } from '../auth/auth-user';

@Injectable()
export class LinesService {
  constructor(
    private readonly em: EntityManager,
    private readonly emitter: EventEmitter2,
  ) {}

  /** Lines the user may send from: organisation-wide lines and those of their teams. */
  async usableLines(user: AuthUser, em: EntityManager = this.em.fork()): Promise<Line[]> {
    const lines = await em.find(Line, { organization: user.organizationId }, { orderBy: { isDefault: 'desc', name: 'asc' } });
    return lines.filter((line) => canSeeTeam(user, line.team?.id ?? null) || line.team === null);
  }

  /** The line Twilio says a message was sent to, by number or Messaging Service. */
  findByTwilioAddress(em: EntityManager, to: string, messagingServiceSid: string | undefined): Promise<Line | null> {
    return em.findOne(Line, messagingServiceSid ? { $or: [{ number: to }, { messagingServiceSid }] } : { number: to });
  }

  /**
   * Picks the sending line: the sender's explicit choice (only a line they may use), else the
   * line this number last talked to (sticky), else the patient's team default, else the
   * organisation default.
   */
  async chooseLine(em: EntityManager, user: AuthUser, input: { lineId?: string; number: string; teamId: string }): Promise<Line> {
    if (input.lineId !== undefined) {
      if (!isUuid(input.lineId)) throw new NotFoundError('Line');
      const line = await em.findOne(Line, { id: input.lineId, organization: user.organizationId });
      if (!line || !(line.team === null || canSeeTeam(user, line.team.id))) throw new NotFoundError('Line');
      return line;
    }
    const sticky = await em.findOne(
      Conversation,
      { organization: user.organizationId, externalNumber: input.number, lastMessageAt: { $ne: null } },
      { orderBy: { lastMessageAt: 'desc' }, populate: ['line'] },
    );
    if (sticky) return sticky.line;
    const lines = await em.find(Line, { organization: user.organizationId }, { orderBy: { isDefault: 'desc', createdAt: 'asc' } });
    const line = lines.find((candidate) => candidate.team?.id === input.teamId) ?? lines.find((candidate) => candidate.isDefault) ?? lines[0];
    if (!line) throw new DomainError('no_line', 'No sending line is configured for this organisation. Ask an admin to add one.');
    return line;
  }

  /** Every line of the organisation, with its send rate (admins). */
  async listAll(user: AuthUser): Promise<Page<AdminLineDto>> {
    const lines = await this.em.fork().find(Line, { organization: user.organizationId }, { orderBy: { isDefault: 'desc', name: 'asc', id: 'asc' } });
    return { items: lines.map(toAdminLineDto), nextCursor: null };
  }

  async create(user: AuthUser, request: CreateLineDto): Promise<AdminLineDto> {
    if (Boolean(request.number) === Boolean(request.messagingServiceSid)) {
      throw new InvalidInputError('Give exactly one of number (E.164) and messagingServiceSid');
    }
    const em = this.em.fork();
    const line = await this.save(em, async (tx) => {
      const organization = tx.getReference(Organization, user.organizationId);
      const created = new Line(organization, request.name.trim(), request.number ? { number: request.number } : { messagingServiceSid: request.messagingServiceSid! });
      created.team = await this.team(tx, user, request.teamId ?? null);
      created.mps = request.mps ?? 1;
      if (request.isDefault) await this.makeDefault(tx, created);
      tx.persist(created);
      return created;
    });
    await this.changed(user, line, 'created');
    return toAdminLineDto(line);
  }

  async update(user: AuthUser, id: string, request: UpdateLineDto): Promise<AdminLineDto> {
    const em = this.em.fork();
    const line = await this.save(em, async (tx) => {
      const found = await this.get(tx, user, id);
      if (request.name !== undefined) found.name = request.name.trim();
      if (request.teamId !== undefined) found.team = await this.team(tx, user, request.teamId);
      if (request.mps !== undefined) found.mps = request.mps;
      if (request.isDefault === true && !found.isDefault) await this.makeDefault(tx, found);
      if (request.isDefault === false) found.isDefault = false;
      return found;
    });
    await this.changed(user, line, 'updated');
    return toAdminLineDto(line);
  }

  /** A line that never carried a conversation is deleted; one with history must stay (409). */
  async remove(user: AuthUser, id: string): Promise<void> {
    const em = this.em.fork();
    const line = await em.transactional(async (tx) => {
      const found = await this.get(tx, user, id);
      if ((await tx.count(Conversation, { line: found })) > 0) {
        throw new DomainError('conflict', 'This line has conversations and cannot be deleted; rename it or move it to another team instead');
      }
      tx.remove(found);
      return found;
    });
    await this.changed(user, line, 'deleted');
  }

  private async save(em: EntityManager, change: (tx: EntityManager) => Promise<Line>): Promise<Line> {
    try {
      return await em.transactional(change);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DomainError('conflict', 'Another line already uses this number or Messaging Service');
      throw error;
    }
  }

  /** At most one default per organisation (a partial unique index): clear the old one first. */
  private async makeDefault(tx: EntityManager, line: Line): Promise<void> {
    await tx.nativeUpdate(Line, { organization: line.organization.id, isDefault: true, id: { $ne: line.id } }, { isDefault: false });
    line.isDefault = true;
  }

  private async get(em: EntityManager, user: AuthUser, id: string): Promise<Line> {
    if (!isUuid(id)) throw new NotFoundError('Line');
    const line = await em.findOne(Line, { id, organization: user.organizationId });
    if (!line) throw new NotFoundError('Line');
    return line;
  }

  private async team(em: EntityManager, user: AuthUser, teamId: string | null): Promise<Team | null> {
    if (teamId === null) return null;
    const team = await em.findOne(Team, { id: teamId, organization: user.organizationId });
    if (!team) throw new NotFoundError('Team');
    return team;
  }

  /** Awaited, so listeners (the simulator's owned numbers) are up to date when the call answers. */
  private async changed(user: AuthUser, line: Line, action: LinesChangedEvent['action']): Promise<void> {
    await this.emitter.emitAsync(LinesEvents.changed, { organizationId: user.organizationId, lineId: line.id, action } satisfies LinesChangedEvent);
  }
}

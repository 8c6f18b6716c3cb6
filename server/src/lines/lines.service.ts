import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Line } from './line.entity';
import { Conversation } from '../messaging/conversation.entity';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { canSeeTeam, type AuthUser } from '../auth/auth-user';

@Injectable()
export class LinesService {
  constructor(private readonly em: EntityManager) {}

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
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { ConversationDto, InboxLineSummaryDto, Page } from '@care/shared';
import { canSeeTeam, type AuthUser } from '../auth/auth-user';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { Line } from '../lines/line.entity';
import { Conversation } from '../messaging/conversation.entity';
import { Message } from '../messaging/message.entity';
import { toMessageDto } from '../messaging/message.mapper';
import { toPgArray, visibleTeamIds } from './conversation-access';
import { ReadStateService } from './read-state.service';
import { parseOffsetCursor } from '../common/offset-cursor';

export const INBOX_FILTERS = ['all', 'unassigned', 'mine', 'waiting', 'closed'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

const PAGE_SIZE = 50;

/**
 * Shared inboxes: the conversations of the lines a user oversees or whose team they are in.
 * Filters: `all` (open), `unassigned` (open, nobody assigned), `mine` (open, assigned to the
 * caller), `waiting` (open with an unanswered inbound message, longest waiting first), `closed`.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly em: EntityManager,
    private readonly readState: ReadStateService,
  ) {}

  async list(user: AuthUser, query: { lineId?: string; filter?: string; cursor?: string }): Promise<Page<ConversationDto>> {
    const filter = (query.filter ?? 'all') as InboxFilter;
    if (!INBOX_FILTERS.includes(filter)) throw new InvalidInputError(`filter must be one of ${INBOX_FILTERS.join(', ')}`);
    const em = this.em.fork();
    const where: FilterQuery<Conversation> = { organization: user.organizationId, lastMessageAt: { $ne: null } };
    const teams = visibleTeamIds(user);
    if (teams !== 'all') where.team = { $in: teams };
    if (query.lineId !== undefined) {
      await this.assertLineVisible(em, user, query.lineId);
      where.line = query.lineId;
    }
    where.status = filter === 'closed' ? 'closed' : 'open';
    if (filter === 'unassigned') where.assignee = null;
    if (filter === 'mine') where.assignee = user.id;
    if (filter === 'waiting') where.waitingSince = { $ne: null };
    const orderBy: QueryOrderMap<Conversation> = filter === 'waiting' ? { waitingSince: 'asc', id: 'asc' } : { lastMessageAt: 'desc', id: 'asc' };

    const offset = parseOffsetCursor(query.cursor);
    const conversations = await em.find(Conversation, where, {
      populate: ['patient', 'line', 'assignee'],
      orderBy,
      limit: PAGE_SIZE + 1,
      offset,
    });
    const page = conversations.slice(0, PAGE_SIZE);
    return {
      items: await this.toDtos(em, user, page),
      nextCursor: conversations.length > PAGE_SIZE ? String(offset + PAGE_SIZE) : null,
    };
  }

  /** Totals per line for the lines the caller oversees (members: their teams' lines and shared ones). */
  async summary(user: AuthUser): Promise<InboxLineSummaryDto[]> {
    const em = this.em.fork();
    const teams = visibleTeamIds(user);
    const lines = (await em.find(Line, { organization: user.organizationId }, { orderBy: { name: 'asc', id: 'asc' } })).filter(
      (line) => line.team === null || canSeeTeam(user, line.team.id),
    );
    if (lines.length === 0) return [];
    const lineIds = lines.map((line) => line.id);
    const teamFilter = teams === 'all' ? '' : `and c.team_id = any(cast(? as uuid[]))`;
    const teamParams = teams === 'all' ? [] : [toPgArray(teams)];
    const conversationRows = await em.execute<{ line_id: string; open: string; unassigned: string; waiting_longest_since: Date | null }[]>(
      `select c.line_id,
              count(*) filter (where c.status = 'open') as open,
              count(*) filter (where c.status = 'open' and c.assignee_id is null) as unassigned,
              min(c.waiting_since) filter (where c.status = 'open') as waiting_longest_since
         from conversation c
        where c.organization_id = ? and c.line_id = any(cast(? as uuid[])) and c.last_message_at is not null ${teamFilter}
        group by c.line_id`,
      [user.organizationId, toPgArray(lineIds), ...teamParams],
    );
    const failedRows = await em.execute<{ line_id: string; failed: string }[]>(
      `select m.line_id, count(*) as failed
         from message m join conversation c on c.id = m.conversation_id
        where m.organization_id = ? and m.line_id = any(cast(? as uuid[])) and m.direction = 'outbound'
          and m.status in ('failed', 'undelivered') and m.created_at > now() - interval '24 hours' ${teamFilter}
        group by m.line_id`,
      [user.organizationId, toPgArray(lineIds), ...teamParams],
    );
    const byLine = new Map(conversationRows.map((row) => [row.line_id, row]));
    const failedByLine = new Map(failedRows.map((row) => [row.line_id, Number(row.failed)]));
    return lines.map((line) => {
      const row = byLine.get(line.id);
      const waiting = row?.waiting_longest_since ?? null;
      return {
        lineId: line.id,
        lineName: line.name,
        teamId: line.team?.id ?? null,
        open: Number(row?.open ?? 0),
        unassigned: Number(row?.unassigned ?? 0),
        waitingLongestSince: waiting ? new Date(waiting).toISOString() : null,
        failed: failedByLine.get(line.id) ?? 0,
      };
    });
  }

  /** Conversations as the caller sees them: last message, their own unread count. */
  async toDtos(em: EntityManager, user: AuthUser, conversations: Conversation[]): Promise<ConversationDto[]> {
    const ids = conversations.map((conversation) => conversation.id);
    const [lastMessages, myUnread] = await Promise.all([this.lastMessages(em, ids), this.readState.unreadCounts(em, user.id, ids)]);
    return conversations.map((conversation) => {
      const last = lastMessages.get(conversation.id) ?? null;
      return {
        id: conversation.id,
        lineId: conversation.line.id,
        patientId: conversation.patient?.id ?? null,
        patientName: conversation.patient?.name ?? null,
        phoneNumber: conversation.externalNumber,
        status: conversation.status,
        assigneeId: conversation.assignee?.id ?? null,
        assigneeName: conversation.assignee?.name ?? null,
        unread: conversation.unread,
        myUnread: myUnread.get(conversation.id) ?? 0,
        lastMessage: last ? toMessageDto(last) : null,
        lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
        waitingSince: conversation.waitingSince?.toISOString() ?? null,
      };
    });
  }

  private async assertLineVisible(em: EntityManager, user: AuthUser, lineId: string): Promise<void> {
    if (!isUuid(lineId)) throw new NotFoundError('Line');
    const line = await em.findOne(Line, { id: lineId, organization: user.organizationId });
    if (!line || !(line.team === null || canSeeTeam(user, line.team.id))) throw new NotFoundError('Line');
  }

  private async lastMessages(em: EntityManager, conversationIds: string[]): Promise<Map<string, Message>> {
    if (conversationIds.length === 0) return new Map();
    const rows = await em.execute<{ id: string }[]>(
      `select distinct on (conversation_id) id from message where conversation_id = any(cast(? as uuid[]))
       order by conversation_id, created_at desc, id desc`,
      [toPgArray(conversationIds)],
    );
    if (rows.length === 0) return new Map();
    const messages = await em.find(Message, { id: { $in: rows.map((row) => row.id) } }, { populate: ['sentBy', 'conversation', 'line'] });
    return new Map(messages.map((message) => [message.conversation.id, message]));
  }
}

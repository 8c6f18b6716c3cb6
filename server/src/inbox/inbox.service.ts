import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import type { ConversationDto, Page } from '@care/shared';
import { seesWholeOrganization, type AuthUser } from '../auth/auth-user';
import { InvalidInputError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { Conversation } from '../messaging/conversation.entity';
import { Message } from '../messaging/message.entity';
import { toMessageDto } from '../messaging/message.mapper';

export const INBOX_FILTERS = ['all', 'unassigned', 'mine', 'waiting', 'closed'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

const PAGE_SIZE = 50;

/** Shared inboxes: the conversations of the lines a user oversees or whose team they are in. */
@Injectable()
export class InboxService {
  constructor(private readonly em: EntityManager) {}

  async list(user: AuthUser, query: { lineId?: string; filter?: string; cursor?: string }): Promise<Page<ConversationDto>> {
    const filter = (query.filter ?? 'all') as InboxFilter;
    if (!INBOX_FILTERS.includes(filter)) throw new InvalidInputError(`filter must be one of ${INBOX_FILTERS.join(', ')}`);
    const where: FilterQuery<Conversation> = { organization: user.organizationId, lastMessageAt: { $ne: null } };
    if (!seesWholeOrganization(user)) where.team = { $in: user.teamIds };
    if (query.lineId !== undefined) {
      if (!isUuid(query.lineId)) throw new InvalidInputError('lineId must be a UUID');
      where.line = query.lineId;
    }
    if (filter === 'closed') where.status = 'closed';
    else where.status = 'open';
    if (filter === 'unassigned') where.assignee = null;
    if (filter === 'mine') where.assignee = user.id;
    if (filter === 'waiting') where.unread = { $gt: 0 };

    const offset = query.cursor && /^\d+$/.test(query.cursor) ? Number(query.cursor) : 0;
    const em = this.em.fork();
    const conversations = await em.find(Conversation, where, {
      populate: ['patient', 'line', 'assignee'],
      orderBy: { lastMessageAt: 'desc', id: 'asc' },
      limit: PAGE_SIZE + 1,
      offset,
    });
    const page = conversations.slice(0, PAGE_SIZE);
    const lastMessages = await this.lastMessages(em, page.map((conversation) => conversation.id));
    return {
      items: page.map((conversation) => {
        const last = lastMessages.get(conversation.id) ?? null;
        return {
          id: conversation.id,
          lineId: conversation.line.id,
          patientId: conversation.patient?.id ?? null,
          patientName: conversation.patient?.name ?? null,
          phoneNumber: conversation.externalNumber,
          status: conversation.status,
          assigneeId: conversation.assignee?.id ?? null,
          unread: conversation.unread,
          lastMessage: last ? toMessageDto(last) : null,
          lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
        };
      }),
      nextCursor: conversations.length > PAGE_SIZE ? String(offset + PAGE_SIZE) : null,
    };
  }

  private async lastMessages(em: EntityManager, conversationIds: string[]): Promise<Map<string, Message>> {
    if (conversationIds.length === 0) return new Map();
    const rows = await em.execute<{ id: string }[]>(
      `select distinct on (conversation_id) id from message where conversation_id in (${conversationIds.map(() => '?').join(',')})
       order by conversation_id, created_at desc, id desc`,
      conversationIds,
    );
    const messages = await em.find(Message, { id: { $in: rows.map((row) => row.id) } }, { populate: ['sentBy', 'conversation', 'line'] });
    return new Map(messages.map((message) => [message.conversation.id, message]));
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ConversationReadDto } from '@care/shared';
import type { AuthUser } from '../auth/auth-user';
import { Conversation } from '../messaging/conversation.entity';
import { Message } from '../messaging/message.entity';
import { MessagingEvents, type MessageAcceptedEvent } from '../messaging/messaging.events';
import { EventLogService, type CommittedEvent } from '../realtime/event-log.service';
import { findVisibleConversation, toPgArray } from './conversation-access';

/**
 * Per-user read state: inbound messages newer than the user's `lastReadAt` of a conversation are
 * unread for that user. Marking read pushes `read:updated` to the user's own room (every tab)
 * through the event log, so a tab that was offline catches up with `sync`.
 * Sending a reply marks the conversation read for the sender up to their message.
 */
@Injectable()
export class ReadStateService {
  private readonly logger = new Logger('ReadStateService');

  constructor(
    private readonly em: EntityManager,
    private readonly eventLog: EventLogService,
  ) {}

  /** Marks the conversation read up to its newest message (the thread the user has open). */
  async markRead(user: AuthUser, conversationId: string): Promise<ConversationReadDto> {
    const { dto, events } = await this.em.fork().transactional(async (tx) => {
      const conversation = await findVisibleConversation(tx, user, conversationId);
      const newest = await tx.findOne(Message, { conversation }, { orderBy: { createdAt: 'desc', id: 'desc' } });
      return this.advance(tx, user, conversation, newest?.createdAt ?? new Date(), newest?.id ?? null);
    });
    this.eventLog.publish(events);
    return dto;
  }

  /** Inbound messages each conversation has that the user has not read. */
  async unreadCounts(em: EntityManager, userId: string, conversationIds: string[]): Promise<Map<string, number>> {
    if (conversationIds.length === 0) return new Map();
    const rows = await em.execute<{ conversation_id: string; unread: string }[]>(
      `select m.conversation_id, count(*) as unread
         from message m
         left join conversation_read r on r.conversation_id = m.conversation_id and r.user_id = ?
        where m.conversation_id = any(cast(? as uuid[])) and m.direction = 'inbound'
          and m.created_at > coalesce(r.last_read_at, '-infinity'::timestamptz)
        group by m.conversation_id`,
      [userId, toPgArray(conversationIds)],
    );
    return new Map(rows.map((row) => [row.conversation_id, Number(row.unread)]));
  }

  @OnEvent(MessagingEvents.sent)
  async onMessageAccepted(event: MessageAcceptedEvent): Promise<void> {
    if (!event.sentById) return;
    const senderId = event.sentById;
    try {
      const events = await this.em.fork().transactional(async (tx) => {
        const message = await tx.findOne(Message, event.messageId, { populate: ['conversation', 'conversation.line', 'conversation.patient'] });
        if (!message) return [];
        const sender = { id: senderId, organizationId: event.organizationId };
        return (await this.advance(tx, sender, message.conversation, message.createdAt, message.id)).events;
      });
      this.eventLog.publish(events);
    } catch (error) {
      this.logger.error(`read state of message ${event.messageId} not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Moves the user's read mark forward (never back) and, when it moved, logs `read:updated`. */
  private async advance(
    tx: EntityManager,
    user: Pick<AuthUser, 'id' | 'organizationId'>,
    conversation: Conversation,
    upTo: Date,
    messageId: string | null,
  ): Promise<{ dto: ConversationReadDto; events: CommittedEvent[] }> {
    const moved = await tx.execute<{ last_read_at: Date }[]>(
      `insert into conversation_read (id, created_at, user_id, conversation_id, last_read_at, last_read_message_id)
       values (?, now(), ?, ?, ?, ?)
       on conflict (user_id, conversation_id) do update
         set last_read_at = excluded.last_read_at, last_read_message_id = excluded.last_read_message_id
         where conversation_read.last_read_at < excluded.last_read_at
       returning last_read_at`,
      [randomUUID(), user.id, conversation.id, upTo, messageId],
    );
    const [current] =
      moved.length > 0 ? moved : await tx.execute<{ last_read_at: Date }[]>('select last_read_at from conversation_read where user_id = ? and conversation_id = ?', [user.id, conversation.id]);
    const lastReadAt = new Date(current!.last_read_at).toISOString();
    const myUnread = (await this.unreadCounts(tx, user.id, [conversation.id])).get(conversation.id) ?? 0;
    const dto: ConversationReadDto = { conversationId: conversation.id, lastReadAt, myUnread };
    if (moved.length === 0) return { dto, events: [] };
    const event = await this.eventLog.append(
      tx,
      { organizationId: user.organizationId, teamId: null, lineId: conversation.line.id, patientId: conversation.patient?.id ?? null, userId: user.id },
      'read:updated',
      { conversationId: conversation.id, lineId: conversation.line.id, patientId: conversation.patient?.id ?? null, lastReadAt, myUnread },
    );
    return { dto, events: [event] };
  }
}

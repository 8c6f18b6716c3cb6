import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';
import { Conversation } from '../messaging/conversation.entity';
import { User } from '../users/user.entity';

/**
 * How far one user has read one conversation. Inbound messages created after `lastReadAt` are
 * unread for that user (other users keep their own state).
 */
@Entity({ tableName: 'conversation_read' })
@Unique({ properties: ['user', 'conversation'] })
export class ConversationRead extends BaseEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: User;

  @ManyToOne(() => Conversation, { deleteRule: 'cascade' })
  conversation: Conversation;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  lastReadAt: Date;

  /** The newest message the user had when marking read (null for an empty conversation). */
  @Property({ type: 'uuid', nullable: true })
  lastReadMessageId: string | null = null;

  constructor(user: User, conversation: Conversation, lastReadAt: Date) {
    super();
    this.user = user;
    this.conversation = conversation;
    this.lastReadAt = lastReadAt;
  }
}

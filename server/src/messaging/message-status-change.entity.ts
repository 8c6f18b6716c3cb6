import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import type { MessageStatus } from '@care/shared';
import { BaseEntity } from '../database/base.entity';
import { Message } from './message.entity';

/** Every status a message went through, with where it came from: the delivery history. */
@Entity({ tableName: 'message_status_change' })
@Index({ properties: ['message', 'createdAt'] })
export class MessageStatusChange extends BaseEntity {
  @ManyToOne(() => Message, { deleteRule: 'cascade' })
  message: Message;

  @Property({ type: 'text' })
  status: MessageStatus;

  @Property({ type: 'integer', nullable: true })
  errorCode: number | null;

  /** `api` (our send), `callback` (Twilio's StatusCallback), `inbound`. */
  @Property({ type: 'text' })
  source: string;

  constructor(message: Message, status: MessageStatus, source: string, errorCode: number | null = null) {
    super();
    this.message = message;
    this.status = status;
    this.source = source;
    this.errorCode = errorCode;
  }
}

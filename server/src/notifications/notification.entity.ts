import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import type { NotificationKind } from '@care/shared';
import { BaseEntity } from '../database/base.entity';
import { User } from '../users/user.entity';

/**
 * One entry of a user's bell. `text` may name the patient (the user is allowed to see them);
 * it is never logged. Ids are plain columns: a notification outlives nothing it points to.
 */
@Entity({ tableName: 'notification' })
@Index({ properties: ['user', 'createdAt'] })
@Unique({ properties: ['user', 'kind', 'messageId'] })
@Index({ name: 'notification_unread_index', expression: 'create index "notification_unread_index" on "notification" ("user_id") where "read_at" is null' })
export class Notification extends BaseEntity {
  @Property({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: User;

  @Property({ type: 'text' })
  kind: NotificationKind;

  @Property({ type: 'uuid', nullable: true })
  patientId: string | null;

  @Property({ type: 'uuid', nullable: true })
  conversationId: string | null;

  @Property({ type: 'uuid', nullable: true })
  messageId: string | null;

  @Property({ type: 'text' })
  text: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  readAt: Date | null = null;

  constructor(input: {
    organizationId: string;
    user: User;
    kind: NotificationKind;
    patientId: string | null;
    conversationId: string | null;
    messageId: string | null;
    text: string;
  }) {
    super();
    this.organizationId = input.organizationId;
    this.user = input.user;
    this.kind = input.kind;
    this.patientId = input.patientId;
    this.conversationId = input.conversationId;
    this.messageId = input.messageId;
    this.text = input.text;
  }
}

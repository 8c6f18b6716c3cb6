import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import type { AttachmentContentType } from '@care/shared';
import { BaseEntity } from '../database/base.entity';
import { Message } from '../messaging/message.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';

export interface NewAttachment {
  organization: Organization;
  uploadedBy: User;
  contentType: AttachmentContentType;
  bytes: Buffer;
  sha256: string;
}

/**
 * A file a sender uploaded to send as MMS. Kept in PostgreSQL (bytea; at most 5 MB each) so every
 * process can serve it to Twilio; `message` is set once it has been sent (an attachment goes once).
 */
@Entity({ tableName: 'attachment' })
export class Attachment extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  @ManyToOne(() => User)
  uploadedBy: User;

  @Property({ type: 'text' })
  contentType: AttachmentContentType;

  @Property({ type: 'integer' })
  size: number;

  /** Hex SHA-256 of the bytes (integrity, de-duplication later). */
  @Property({ type: 'text' })
  sha256: string;

  /** Loaded only when asked for (`populate: ['bytes']`): lists and checks never read the file. */
  @Property({ type: 'blob', lazy: true })
  bytes: Buffer;

  @ManyToOne(() => Message, { nullable: true, deleteRule: 'set null' })
  @Index()
  message: Message | null = null;

  constructor(input: NewAttachment) {
    super();
    this.organization = input.organization;
    this.uploadedBy = input.uploadedBy;
    this.contentType = input.contentType;
    this.bytes = input.bytes;
    this.size = input.bytes.length;
    this.sha256 = input.sha256;
  }
}

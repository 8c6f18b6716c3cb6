import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { isForwardStatus } from '@care/shared';
import type { MessageChannel, MessageDirection, MessageEncoding, MessageFlag, MessageStatus } from '@care/shared';
import { BaseEntity } from '../database/base.entity';
import { Organization } from '../organizations/organization.entity';
import { Line } from '../lines/line.entity';
import { Patient } from '../patients/patient.entity';
import { Template } from '../templates/template.entity';
import { User } from '../users/user.entity';
import { Conversation } from './conversation.entity';

export interface NewMessage {
  conversation: Conversation;
  direction: MessageDirection;
  body: string;
  from: string;
  to: string;
  status: MessageStatus;
  segments: number;
  encoding: MessageEncoding;
  channel: MessageChannel;
  media?: string[];
  mediaContentTypes?: (string | null)[];
  sentBy?: User | null;
  clientMessageId?: string | null;
  twilioSid?: string | null;
}

@Entity({ tableName: 'message' })
@Unique({ properties: ['organization', 'clientMessageId'] })
@Index({ properties: ['patient', 'createdAt'] })
@Index({ properties: ['conversation', 'createdAt'] })
export class Message extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  @ManyToOne(() => Conversation)
  conversation: Conversation;

  @ManyToOne(() => Patient, { nullable: true })
  patient: Patient | null;

  @ManyToOne(() => Line)
  line: Line;

  @Enum({ items: ['inbound', 'outbound'], nativeEnumName: 'message_direction' })
  direction: MessageDirection;

  @Property({ type: 'text' })
  body: string;

  /** Twilio media URLs (inbound: MediaUrl{N}); browsers only ever see our authenticated proxy path. */
  @Property({ type: 'json' })
  media: string[];

  /** Content type of each entry of `media` (MediaContentType{N}), null when unknown. */
  @Property({ type: 'json' })
  mediaContentTypes: (string | null)[];

  /** Marks for the care team, e.g. `possible-opt-out` (see detectFreeTextOptOut). */
  @Property({ type: 'json' })
  flags: MessageFlag[] = [];

  @Property({ type: 'text', fieldName: 'from_number' })
  from: string;

  @Property({ type: 'text', fieldName: 'to_number' })
  to: string;

  @Property({ type: 'text' })
  status: MessageStatus;

  @Property({ type: 'text', nullable: true })
  @Unique()
  twilioSid: string | null;

  @Property({ type: 'integer', nullable: true })
  errorCode: number | null = null;

  @Property({ type: 'text', nullable: true })
  errorMessage: string | null = null;

  @Property({ type: 'integer' })
  segments: number;

  @Property({ type: 'text' })
  encoding: MessageEncoding;

  @Property({ type: 'text' })
  channel: MessageChannel;

  @ManyToOne(() => User, { nullable: true })
  sentBy: User | null;

  /** The sender's idempotency key: the same key twice is the same message, sent once. */
  @Property({ type: 'text', nullable: true })
  clientMessageId: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** The template the text was written from (outbound). */
  @ManyToOne(() => Template, { nullable: true, deleteRule: 'set null' })
  template: Template | null = null;

  /** A `scheduled` message goes out at this time (its sendAt, or the end of quiet hours). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  scheduledFor: Date | null = null;

  /** Sent during quiet hours anyway: the sender's reason. */
  @Property({ type: 'text', nullable: true })
  quietHoursOverrideReason: string | null = null;

  /** Outbound queue bookkeeping: Twilio calls made for this message (create or reconcile). */
  @Property({ type: 'integer' })
  sendAttempts = 0;

  /**
   * Set when a create request left for Twilio and we do not know whether it arrived (in flight,
   * timed out, or the process died). The next attempt looks the message up at Twilio first.
   */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  uncertainSince: Date | null = null;

  /** A worker is sending this message until then; others leave it alone. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  leaseUntil: Date | null = null;

  constructor(input: NewMessage) {
    super();
    this.organization = input.conversation.organization;
    this.conversation = input.conversation;
    this.patient = input.conversation.patient;
    this.line = input.conversation.line;
    this.direction = input.direction;
    this.body = input.body;
    this.from = input.from;
    this.to = input.to;
    this.status = input.status;
    this.segments = input.segments;
    this.encoding = input.encoding;
    this.channel = input.channel;
    this.media = input.media ?? [];
    this.mediaContentTypes = input.mediaContentTypes ?? this.media.map(() => null);
    this.sentBy = input.sentBy ?? null;
    this.clientMessageId = input.clientMessageId ?? null;
    this.twilioSid = input.twilioSid ?? null;
  }

  /**
   * Applies a status from Twilio. Callbacks arrive late, twice and out of order,
   * so only forward moves count; returns false when the status was ignored.
   */
  applyStatus(next: MessageStatus, error?: { code: number | null; message: string | null }): boolean {
    if (!isForwardStatus(this.status, next)) return false;
    this.status = next;
    if (error?.code) {
      this.errorCode = error.code;
      this.errorMessage = error.message;
    }
    return true;
  }
}

import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';

export type WebhookKind = 'inbound' | 'status';

/**
 * Every verified webhook Twilio sent us, kept as received: nothing Twilio told us is lost,
 * even when it names a message we do not know yet. The unique key makes retries no-ops.
 */
@Entity({ tableName: 'twilio_webhook_receipt' })
@Unique({ properties: ['kind', 'messageSid', 'messageStatus'] })
export class WebhookReceipt extends BaseEntity {
  @Property({ type: 'text' })
  kind: WebhookKind;

  @Property({ type: 'text' })
  messageSid: string;

  /** For status callbacks: the status reported; for inbound: `received`. */
  @Property({ type: 'text' })
  messageStatus: string;

  @Property({ type: 'json' })
  params: Record<string, string | string[]>;

  /** Set once the receipt has been applied to a message. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  processedAt: Date | null = null;

  constructor(kind: WebhookKind, messageSid: string, messageStatus: string, params: Record<string, string | string[]>) {
    super();
    this.kind = kind;
    this.messageSid = messageSid;
    this.messageStatus = messageStatus;
    this.params = params;
  }
}

import { Entity, Index, Property } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';

/** Who read or changed which patient's communication, and when. Append-only. */
@Entity({ tableName: 'audit_log' })
@Index({ properties: ['organizationId', 'createdAt'] })
@Index({ properties: ['patientId', 'createdAt'] })
export class AuditEntry extends BaseEntity {
  @Property({ type: 'uuid' })
  organizationId: string;

  /** Null for actions of the system or Twilio. */
  @Property({ type: 'uuid', nullable: true })
  userId: string | null;

  /** e.g. `thread.read`, `message.send`, `consent.opt-out`. */
  @Property({ type: 'text' })
  action: string;

  @Property({ type: 'uuid', nullable: true })
  patientId: string | null;

  /** Ids and codes only; never message bodies or phone numbers. */
  @Property({ type: 'json' })
  details: Record<string, unknown>;

  constructor(input: { organizationId: string; userId: string | null; action: string; patientId: string | null; details?: Record<string, unknown> }) {
    super();
    this.organizationId = input.organizationId;
    this.userId = input.userId;
    this.action = input.action;
    this.patientId = input.patientId;
    this.details = input.details ?? {};
  }
}

import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';
import { Organization } from '../organizations/organization.entity';
import { Line } from '../lines/line.entity';
import { User } from '../users/user.entity';
import { Message } from '../messaging/message.entity';
import type { ConsentSource } from '@care/shared';

export type { ConsentSource };

/** The consent history: who or what opted a number out or in, when, and how. */
@Entity({ tableName: 'consent_event' })
@Index({ properties: ['organization', 'number', 'createdAt'] })
export class ConsentEvent extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  @Property({ type: 'text' })
  number: string;

  @Property({ type: 'boolean' })
  optedOut: boolean;

  @Property({ type: 'text' })
  source: ConsentSource;

  /** The keyword texted, when the source is a keyword. */
  @Property({ type: 'text', nullable: true })
  keyword: string | null = null;

  /** Twilio's `OptOutType` (Advanced Opt-Out) when the inbound webhook carried one. */
  @Property({ type: 'text', nullable: true })
  optOutType: string | null = null;

  /** Why staff recorded it (the patient asked by phone, ...); PHI-bearing, never logged. */
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @ManyToOne(() => Line, { nullable: true })
  line: Line | null = null;

  @ManyToOne(() => Message, { nullable: true })
  message: Message | null = null;

  @ManyToOne(() => User, { nullable: true })
  recordedBy: User | null = null;

  constructor(organization: Organization, number: string, optedOut: boolean, source: ConsentSource) {
    super();
    this.organization = organization;
    this.number = number;
    this.optedOut = optedOut;
    this.source = source;
  }
}

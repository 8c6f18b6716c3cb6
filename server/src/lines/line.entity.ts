import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';
import { Organization } from '../organizations/organization.entity';
import { Team } from '../organizations/team.entity';

/** A sending line: a Twilio number or a Messaging Service. Each line has its shared inbox. */
@Entity({ tableName: 'line' })
@Index({ properties: ['organization'] })
export class Line extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  @Property({ type: 'text' })
  name: string;

  /** E.164, or null for a Messaging Service line. */
  @Property({ type: 'text', nullable: true })
  @Unique()
  number: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Unique()
  messagingServiceSid: string | null = null;

  /** The team that owns the line; null = organisation-wide. */
  @ManyToOne(() => Team, { nullable: true })
  team: Team | null = null;

  /** The organisation's default line (at most one per organisation, enforced by a partial index). */
  @Property({ type: 'boolean' })
  isDefault = false;

  /**
   * Messages per second Twilio accepts from this sender (long code ~1, toll-free ~3, short code
   * 100). The outbound worker spaces this line's sends by 1/mps seconds, across every process.
   */
  @Property({ type: 'number', columnType: 'double precision' })
  mps = 1;

  constructor(organization: Organization, name: string, target: { number: string } | { messagingServiceSid: string }) {
    super();
    this.organization = organization;
    this.name = name;
    if ('number' in target) this.number = target.number;
    else this.messagingServiceSid = target.messagingServiceSid;
  }
}

import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';
import { Organization } from '../organizations/organization.entity';
import { Team } from '../organizations/team.entity';

@Entity({ tableName: 'message_template' })
export class Template extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  /** Null = available to the whole organisation. */
  @ManyToOne(() => Team, { nullable: true })
  team: Team | null = null;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text' })
  body: string;

  /** Free text grouping for the composer's picker (e.g. "Reminders"). */
  @Property({ type: 'text', nullable: true })
  category: string | null = null;

  /** Inactive templates stay for history but are not offered to senders. */
  @Property({ type: 'boolean' })
  active = true;

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(organization: Organization, name: string, body: string, team: Team | null = null) {
    super();
    this.organization = organization;
    this.name = name;
    this.body = body;
    this.team = team;
  }
}

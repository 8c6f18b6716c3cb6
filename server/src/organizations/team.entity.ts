import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';
import { Organization } from './organization.entity';

/** A care team (e.g. "Cardiology"): owns patients and usually a sending line. */
@Entity({ tableName: 'care_team' })
@Unique({ properties: ['organization', 'name'] })
export class Team extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  @Property({ type: 'text' })
  name: string;

  constructor(organization: Organization, name: string) {
    super();
    this.organization = organization;
    this.name = name;
  }
}

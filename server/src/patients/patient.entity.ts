import { Cascade, Collection, Entity, Index, ManyToOne, OneToMany, Property } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';
import { Organization } from '../organizations/organization.entity';
import { Team } from '../organizations/team.entity';
import { PatientPhone } from './patient-phone.entity';

@Entity({ tableName: 'patient' })
@Index({ properties: ['organization', 'name'] })
export class Patient extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  /** The care team that owns the patient; only its members (and supervisors) may see them. */
  @ManyToOne(() => Team)
  team: Team;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'date', nullable: true })
  dateOfBirth: string | null = null;

  /** IANA time zone for quiet hours; null = the organisation's. */
  @Property({ type: 'text', nullable: true })
  timeZone: string | null = null;

  @OneToMany(() => PatientPhone, (phone) => phone.patient, { cascade: [Cascade.PERSIST], orderBy: { position: 'asc' } })
  phones = new Collection<PatientPhone>(this);

  constructor(organization: Organization, team: Team, name: string) {
    super();
    this.organization = organization;
    this.team = team;
    this.name = name;
  }
}

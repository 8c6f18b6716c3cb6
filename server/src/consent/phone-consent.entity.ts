import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';
import { Organization } from '../organizations/organization.entity';

/**
 * Current consent of one phone number towards the organisation. Kept per number (not per patient
 * phone row) so an unknown sender who texts STOP stays opted out once matched to a patient.
 */
@Entity({ tableName: 'phone_consent' })
@Unique({ properties: ['organization', 'number'] })
export class PhoneConsent extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  @Property({ type: 'text' })
  number: string;

  @Property({ type: 'boolean' })
  optedOut: boolean;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  changedAt: Date = new Date();

  constructor(organization: Organization, number: string, optedOut: boolean) {
    super();
    this.organization = organization;
    this.number = number;
    this.optedOut = optedOut;
  }
}

import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import type { PhoneType } from '@care/shared';
import { BaseEntity } from '../database/base.entity';
import { Organization } from '../organizations/organization.entity';
import { Patient } from './patient.entity';

/** A patient's phone number. Consent lives per organisation and number (see PhoneConsent). */
@Entity({ tableName: 'patient_phone' })
@Unique({ properties: ['patient', 'number'] })
@Index({ properties: ['organization', 'number'] })
export class PatientPhone extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  @ManyToOne(() => Patient, { deleteRule: 'cascade' })
  patient: Rel<Patient>;

  /** E.164. */
  @Property({ type: 'text' })
  number: string;

  @Enum({ items: ['mobile', 'landline', 'unknown'], nativeEnumName: 'phone_type' })
  type: PhoneType;

  /** 0 = primary. */
  @Property({ type: 'integer' })
  position: number;

  constructor(patient: Rel<Patient>, number: string, type: PhoneType, position: number) {
    super();
    this.organization = patient.organization;
    this.patient = patient;
    this.number = number;
    this.type = type;
    this.position = position;
  }
}

import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';
import { Organization } from '../organizations/organization.entity';
import { Team } from '../organizations/team.entity';
import { Line } from '../lines/line.entity';
import { Patient } from '../patients/patient.entity';
import { User } from '../users/user.entity';

export type ConversationStatus = 'open' | 'closed';

/**
 * One phone number talking to one line: the unit of a shared inbox.
 * `patient` is null while the number is unknown (an unrecognised sender).
 */
@Entity({ tableName: 'conversation' })
@Unique({ properties: ['line', 'externalNumber'] })
@Index({ properties: ['patient'] })
export class Conversation extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  @ManyToOne(() => Line)
  line: Line;

  /** The patient's (or unknown sender's) number, E.164. */
  @Property({ type: 'text' })
  externalNumber: string;

  @ManyToOne(() => Patient, { nullable: true })
  patient: Patient | null = null;

  /** Team whose members see the conversation: the patient's, else the line's. */
  @ManyToOne(() => Team, { nullable: true })
  team: Team | null = null;

  @Enum({ items: ['open', 'closed'], nativeEnumName: 'conversation_status' })
  status: ConversationStatus = 'open';

  @ManyToOne(() => User, { nullable: true })
  assignee: User | null = null;

  /** Inbound messages not yet answered or read. */
  @Property({ type: 'integer' })
  unread = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastMessageAt: Date | null = null;

  /** When the patient's oldest unanswered inbound message arrived: set by inbound when null, cleared by a staff reply. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  waitingSince: Date | null = null;

  /** Unknown sender set aside by staff (kept for audit); a newer text puts it back in the unrecognized queue. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  archivedAt: Date | null = null;

  constructor(line: Line, externalNumber: string, patient: Patient | null) {
    super();
    this.organization = line.organization;
    this.line = line;
    this.externalNumber = externalNumber;
    this.patient = patient;
    this.team = patient?.team ?? line.team;
  }
}

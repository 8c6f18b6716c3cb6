import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Every event pushed to browsers is written here first, in the same transaction as the change
 * it describes; its id is the `eventId` clients sync from. The audience columns let `sync`
 * replay only what a user may see now.
 */
@Entity({ tableName: 'event_log' })
@Index({ properties: ['organizationId', 'id'] })
export class EventLogEntry {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'text' })
  type: string;

  @Property({ type: 'json' })
  data: unknown;

  /** Team that may see the event (null: supervisors and admins only). */
  @Property({ type: 'uuid', nullable: true })
  teamId: string | null;

  @Property({ type: 'uuid', nullable: true })
  lineId: string | null;

  @Property({ type: 'uuid', nullable: true })
  patientId: string | null;

  /** Set for events meant for one user only (notifications). */
  @Property({ type: 'uuid', nullable: true })
  userId: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  constructor(input: {
    organizationId: string;
    type: string;
    data: unknown;
    teamId: string | null;
    lineId: string | null;
    patientId: string | null;
    userId?: string | null;
  }) {
    this.organizationId = input.organizationId;
    this.type = input.type;
    this.data = input.data;
    this.teamId = input.teamId;
    this.lineId = input.lineId;
    this.patientId = input.patientId;
    this.userId = input.userId ?? null;
  }
}

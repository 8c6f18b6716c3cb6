import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';

@Entity({ tableName: 'organization' })
export class Organization extends BaseEntity {
  @Property({ type: 'text' })
  name: string;

  /** Sent (and logged like any message) when a patient texts HELP/INFO; null = the default text. */
  @Property({ type: 'text', nullable: true })
  helpReply: string | null = null;

  /** IANA time zone for quiet hours when a patient has none of their own. */
  @Property({ type: 'text' })
  timeZone = 'America/New_York';

  /** Quiet hours (local `HH:MM`, start inclusive, end exclusive): non-urgent texts wait until the end. */
  @Property({ type: 'text' })
  quietHoursStart = '21:00';

  @Property({ type: 'text' })
  quietHoursEnd = '08:00';

  /** Sent once per conversation (at most every 12 h) to texts arriving outside business hours; null = off. */
  @Property({ type: 'text', nullable: true })
  afterHoursReply: string | null = null;

  /** Business hours, local `HH:MM` in `timeZone`, on `businessDays` (ISO weekdays, "1,2,3,4,5"). */
  @Property({ type: 'text' })
  businessHoursStart = '08:00';

  @Property({ type: 'text' })
  businessHoursEnd = '18:00';

  @Property({ type: 'text' })
  businessDays = '1,2,3,4,5';

  constructor(name: string) {
    super();
    this.name = name;
  }
}

import { Collection, Entity, Enum, ManyToMany, ManyToOne, Property, Unique } from '@mikro-orm/core';
import type { UserRole } from '@care/shared';
import { BaseEntity } from '../database/base.entity';
import { Organization } from '../organizations/organization.entity';
import { Team } from '../organizations/team.entity';

@Entity({ tableName: 'app_user' })
export class User extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Organization;

  /** Stored lower-case; login compares lower-case. */
  @Property({ type: 'text' })
  @Unique()
  email: string;

  @Property({ type: 'text' })
  name: string;

  @Enum({ items: ['admin', 'supervisor', 'member'], nativeEnumName: 'user_role' })
  role: UserRole;

  /** argon2id hash; never serialised. */
  @Property({ type: 'text', hidden: true })
  passwordHash: string;

  @ManyToMany({ entity: () => Team, pivotTable: 'team_membership', joinColumn: 'user_id', inverseJoinColumn: 'team_id' })
  teams = new Collection<Team>(this);

  /** Set: the user may not log in, their tokens are refused and their sockets are closed. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  disabledAt: Date | null = null;

  constructor(organization: Organization, email: string, name: string, role: UserRole, passwordHash: string) {
    super();
    this.organization = organization;
    this.email = email.toLowerCase();
    this.name = name;
    this.role = role;
    this.passwordHash = passwordHash;
  }
}

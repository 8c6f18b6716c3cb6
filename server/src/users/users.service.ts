import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AdminUserDto, Page } from '@care/shared';
import type { AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { DomainError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { Team } from '../organizations/team.entity';
import { User } from './user.entity';
import { UsersEvents, type UserDisabledEvent, type UserTeamsChangedEvent } from './users.events';

/** Admin management of users: team memberships and disabling. Changes take effect on open sockets at once. */
@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly emitter: EventEmitter2,
  ) {}

  async list(admin: AuthUser): Promise<Page<AdminUserDto>> {
    assertAdmin(admin);
    const users = await this.em.fork().find(User, { organization: admin.organizationId }, { populate: ['teams'], orderBy: { name: 'asc', id: 'asc' } });
    return { items: users.map(toAdminUserDto), nextCursor: null };
  }

  /** Replaces the user's teams with exactly `teamIds`. */
  async setTeams(admin: AuthUser, userId: string, teamIds: string[]): Promise<AdminUserDto> {
    assertAdmin(admin);
    const wanted = [...new Set(teamIds)];
    const { user, change } = await this.em.fork().transactional(async (tx) => {
      const target = await this.load(tx, admin, userId);
      const teams = wanted.length > 0 ? await tx.find(Team, { id: { $in: wanted }, organization: admin.organizationId }) : [];
      if (teams.length !== wanted.length) throw new InvalidInputError('teamIds contains a team that does not exist in this organisation');
      const before = target.teams.getItems().map((team) => team.id);
      const added = wanted.filter((id) => !before.includes(id));
      const removed = before.filter((id) => !wanted.includes(id));
      if (added.length === 0 && removed.length === 0) return { user: target, change: null };
      target.teams.set(teams);
      this.audit.record(tx, admin, 'user.teams-changed', null, { userId: target.id, added, removed });
      const event: UserTeamsChangedEvent = { organizationId: admin.organizationId, userId: target.id, teamIds: wanted, addedTeamIds: added, removedTeamIds: removed };
      return { user: target, change: event };
    });
    if (change) this.emitter.emit(UsersEvents.teamsChanged, change);
    return toAdminUserDto(user);
  }

  async setDisabled(admin: AuthUser, userId: string, disabled: boolean): Promise<AdminUserDto> {
    assertAdmin(admin);
    if (disabled && userId === admin.id) throw new DomainError('conflict', 'You cannot disable your own account');
    const { user, changed } = await this.em.fork().transactional(async (tx) => {
      const target = await this.load(tx, admin, userId);
      if (Boolean(target.disabledAt) === disabled) return { user: target, changed: false };
      target.disabledAt = disabled ? new Date() : null;
      this.audit.record(tx, admin, disabled ? 'user.disabled' : 'user.enabled', null, { userId: target.id });
      return { user: target, changed: true };
    });
    if (changed && disabled) this.emitter.emit(UsersEvents.disabled, { organizationId: admin.organizationId, userId: user.id } satisfies UserDisabledEvent);
    return toAdminUserDto(user);
  }

  private async load(tx: EntityManager, admin: AuthUser, userId: string): Promise<User> {
    if (!isUuid(userId)) throw new NotFoundError('User');
    const user = await tx.findOne(User, { id: userId, organization: admin.organizationId }, { populate: ['teams'] });
    if (!user) throw new NotFoundError('User');
    return user;
  }
}

function assertAdmin(user: AuthUser): void {
  if (user.role !== 'admin') throw new ForbiddenError('Only admins may manage users');
}

function toAdminUserDto(user: User): AdminUserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organizationId: user.organization.id,
    teamIds: user.teams.getItems().map((team) => team.id),
    disabledAt: user.disabledAt?.toISOString() ?? null,
  };
}

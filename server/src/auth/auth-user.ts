import type { UserDto, UserRole } from '@care/shared';
import type { User } from '../users/user.entity';

/** The authenticated caller, loaded fresh from the database on every request and socket connect. */
export interface AuthUser {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  role: UserRole;
  teamIds: string[];
}

/** Admins and supervisors oversee every team and line of their organisation. */
export function seesWholeOrganization(user: AuthUser): boolean {
  return user.role === 'admin' || user.role === 'supervisor';
}

export function canSeeTeam(user: AuthUser, teamId: string | null): boolean {
  if (seesWholeOrganization(user)) return true;
  return teamId !== null && user.teamIds.includes(teamId);
}

export function toUserDto(user: AuthUser): UserDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role, organizationId: user.organizationId, teamIds: user.teamIds };
}

/** The entity as the caller it authenticates (teams must be loaded to count). */
export function toAuthUser(user: User): AuthUser {
  return {
    id: user.id,
    organizationId: user.organization.id,
    email: user.email,
    name: user.name,
    role: user.role,
    teamIds: user.teams.isInitialized() ? user.teams.getItems().map((team) => team.id) : [],
  };
}

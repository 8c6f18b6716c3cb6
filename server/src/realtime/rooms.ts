/** Socket.IO room names, in one place: the audience of an event is computed from its data. */
export const Rooms = {
  user: (userId: string) => `user:${userId}`,
  team: (teamId: string) => `team:${teamId}`,
  /** Admins and supervisors: they oversee every inbox of the organisation. */
  overseers: (organizationId: string) => `org:${organizationId}:overseers`,
  thread: (patientId: string) => `thread:${patientId}`,
} as const;

const THREAD_PREFIX = 'thread:';
const TEAM_PREFIX = 'team:';

export interface EventAudience {
  organizationId: string;
  teamId: string | null;
  lineId: string | null;
  patientId: string | null;
  userId?: string | null;
}

/**
 * Who receives a logged event: one user's room for personal events (notifications, read state),
 * otherwise the organisation's overseers, the owning team and the thread's watchers.
 * `EventLogService.eventsSince` applies the same rule for `sync`.
 */
export function roomsFor(audience: EventAudience): string[] {
  if (audience.userId) return [Rooms.user(audience.userId)];
  const rooms = [Rooms.overseers(audience.organizationId)];
  if (audience.teamId) rooms.push(Rooms.team(audience.teamId));
  if (audience.patientId) rooms.push(Rooms.thread(audience.patientId));
  return rooms;
}

/** Presence of a thread goes to its watchers only. */
export function presenceRoomsFor(patientId: string): string[] {
  return [Rooms.thread(patientId)];
}

/** The rooms a user belongs to by who they are (not the threads they watch). */
export function membershipRooms(user: { id: string; organizationId: string; teamIds: string[]; seesWholeOrganization: boolean }): string[] {
  const rooms = [Rooms.user(user.id), ...user.teamIds.map(Rooms.team)];
  if (user.seesWholeOrganization) rooms.push(Rooms.overseers(user.organizationId));
  return rooms;
}

export function isMembershipRoom(room: string): boolean {
  return room.startsWith(TEAM_PREFIX) || (room.startsWith('org:') && room.endsWith(':overseers'));
}

/** The patient id of a `thread:<patientId>` room, else null. */
export function threadPatientId(room: string): string | null {
  return room.startsWith(THREAD_PREFIX) ? room.slice(THREAD_PREFIX.length) : null;
}

/** Socket.IO room names, in one place: the audience of an event is computed from its data. */
export const Rooms = {
  user: (userId: string) => `user:${userId}`,
  team: (teamId: string) => `team:${teamId}`,
  /** Admins and supervisors: they oversee every inbox of the organisation. */
  overseers: (organizationId: string) => `org:${organizationId}:overseers`,
  thread: (patientId: string) => `thread:${patientId}`,
} as const;

export interface EventAudience {
  organizationId: string;
  teamId: string | null;
  lineId: string | null;
  patientId: string | null;
  userId?: string | null;
}

export function roomsFor(audience: EventAudience): string[] {
  if (audience.userId) return [Rooms.user(audience.userId)];
  const rooms = [Rooms.overseers(audience.organizationId)];
  if (audience.teamId) rooms.push(Rooms.team(audience.teamId));
  if (audience.patientId) rooms.push(Rooms.thread(audience.patientId));
  return rooms;
}

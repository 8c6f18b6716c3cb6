/**
 * Domain events about users, emitted in-process (EventEmitter2) after the change committed.
 * Realtime listens to move the user's sockets between rooms or close them.
 */
export const UsersEvents = {
  teamsChanged: 'user.teams-changed',
  disabled: 'user.disabled',
} as const;

export interface UserTeamsChangedEvent {
  organizationId: string;
  userId: string;
  teamIds: string[];
  addedTeamIds: string[];
  removedTeamIds: string[];
}

export interface UserDisabledEvent {
  organizationId: string;
  userId: string;
}

import { isMembershipRoom, membershipRooms, presenceRoomsFor, Rooms, roomsFor, threadPatientId } from './rooms';
import { channelPrefix } from './redis-io.adapter';

describe('rooms', () => {
  const audience = { organizationId: 'org', teamId: 'team', lineId: 'line', patientId: 'patient' };

  it("sends a patient's events to the overseers, the team and the thread's watchers", () => {
    expect(roomsFor(audience)).toEqual(['org:org:overseers', 'team:team', 'thread:patient']);
    expect(roomsFor({ ...audience, teamId: null, patientId: null })).toEqual(['org:org:overseers']);
  });

  it("sends a personal event to that user's room only, whatever else it names", () => {
    expect(roomsFor({ ...audience, userId: 'u1' })).toEqual(['user:u1']);
  });

  it('joins members to their teams and overseers to the organisation', () => {
    expect(membershipRooms({ id: 'u', organizationId: 'o', teamIds: ['a', 'b'], seesWholeOrganization: false })).toEqual(['user:u', 'team:a', 'team:b']);
    expect(membershipRooms({ id: 'u', organizationId: 'o', teamIds: [], seesWholeOrganization: true })).toEqual(['user:u', 'org:o:overseers']);
  });

  it('tells membership and thread rooms apart', () => {
    expect(isMembershipRoom(Rooms.team('a'))).toBe(true);
    expect(isMembershipRoom(Rooms.overseers('o'))).toBe(true);
    expect(isMembershipRoom(Rooms.user('u'))).toBe(false);
    expect(isMembershipRoom(Rooms.thread('p'))).toBe(false);
    expect(threadPatientId(Rooms.thread('p-1'))).toBe('p-1');
    expect(threadPatientId(Rooms.team('p-1'))).toBeNull();
    expect(presenceRoomsFor('p')).toEqual(['thread:p']);
  });

  it('prefixes Redis channels by database, so one deployment meets and others do not', () => {
    expect(channelPrefix('postgres://care:secret@db:5432/care')).toBe('care-sms:care');
    expect(channelPrefix('postgres://care:secret@other-host:6432/care?sslmode=require')).toBe('care-sms:care');
    expect(channelPrefix('postgres://x@db/t_abc')).toBe('care-sms:t_abc');
    expect(channelPrefix(null)).toBe('care-sms');
  });
});
